package io.rostersync.simulator.edfi;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.rostersync.simulator.district.District;
import io.rostersync.simulator.district.Districts;
import io.rostersync.simulator.district.EntityType;
import io.rostersync.simulator.district.RosterRecord.Person;

/**
 * Changes a person's natural key outside the Ed-Fi API (the admin API's re-key): the OneRoster {@code identifier},
 * which Ed-Fi serves as {@code studentUniqueId}/{@code staffUniqueId}, logged as a key change of the person's item.
 */
@Component
public class EdFiRekeys {

    private final Districts districts;

    EdFiRekeys(Districts districts) {
        this.districts = districts;
    }

    /**
     * @param sourcedId a user's sourcedId
     * @return the stored person, empty if there is no such user
     */
    public synchronized Optional<Person> rekey(String sourcedId, String newUniqueId) {
        return districts.current().find(EntityType.USERS, sourcedId, Person.class).map(p -> {
            boolean student = p.hasRole("student");
            String keyName = student ? "studentUniqueId" : "staffUniqueId";
            Person changed = new Person(p.meta(), p.username(), p.enabled(), p.givenName(), p.familyName(),
                    p.middleName(), p.roles(), p.primaryOrgId(), newUniqueId, p.email(), p.phone(), p.grades());
            District.KeyChange change = new District.KeyChange(student ? "students" : "staffs", p.sourcedId(), 0,
                    Map.of(keyName, EdFiIds.uniqueId(p)), Map.of(keyName, newUniqueId));
            return (Person) districts.store(List.of(changed), change).get(0);
        });
    }
}

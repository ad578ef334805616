package io.rostersync.e2e.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rostersync.core.events.EventCodec;
import io.rostersync.localstack.LocalStack;
import io.rostersync.localstack.Service;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator's checklist, in headless Chromium against the whole running stack: add, test and enable a OneRoster
 * integration in the Integration Hub; Run Sync Now and see the completed run with its counts arrive without a
 * reload; see a signed webhook's run appear; resolve a conflict field by field; retry a dead letter; and the same
 * pages on a phone-sized screen. Each step leaves a screenshot in {@code target/screenshots/}. The steps build on
 * each other (one integration, one browser), so they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorChecklistBrowserTest {

    private static final String INTEGRATION = "browser-district";
    private static final String RECORD = "usr-000021";
    private static final Duration STEP = Duration.ofSeconds(150);

    private static Chromium chromium;
    private static ChromeDriver driver;
    private static WebDriverWait wait;
    private static LocalStack stack;
    private static String dashboard;
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = EventCodec.defaultMapper();

    @BeforeAll
    static void open() {
        chromium = Chromium.start();
        driver = chromium.driver();
        // Live updates re-render rows at any moment: an element found a moment ago may be gone; look again.
        wait = new WebDriverWait(driver, STEP, Duration.ofMillis(200));
        wait.ignoring(StaleElementReferenceException.class);
        stack = io.rostersync.e2e.StackFixture.stack();
        dashboard = stack.url(Service.HEALTH);
    }

    @AfterAll
    static void close() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        // Other tests in this JVM expect the generated district: undo the changes and the rollover made here.
        new io.rostersync.e2e.StackHttp(stack).send(Service.SIMULATOR, "POST", "/admin/district/regenerate", "{}", null);
    }

    @Test
    @Order(1)
    void signsInAndSeesEveryIntegrationsHealth() {
        driver.get(dashboard + "/");
        signIn(stack.settings().adminToken());

        wait.until(ExpectedConditions.presenceOfElementLocated(row("overview-rows", stack.settings().demoIntegrationId())));
        assertThat(text(By.id("whoami"))).isEqualTo("admin (admin)");
        assertThat(driver.findElements(By.cssSelector("#fleet-chart svg rect"))).isNotEmpty();
        wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));
        chromium.screenshot("01-overview");
    }

    @Test
    @Order(2)
    void addsTestsAndEnablesAOneRosterIntegrationInTheIntegrationHub() {
        driver.findElement(By.cssSelector("a[data-nav=hub]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(row("hub-integrations", stack.settings().demoIntegrationId())));

        new Select(field("standard")).selectByValue("oneroster-1.2");
        type(field("integrationId"), INTEGRATION);
        type(field("name"), "Browser district");
        type(field("baseUrl"), stack.oneRosterBaseUrl());
        type(field("tokenUrl"), stack.url(Service.SIMULATOR) + "/oauth2/token");
        type(field("clientId"), stack.settings().sisClientId());
        type(field("credentialRef"), "config:rostersync.local.sis-client-secret");
        type(field("webhookSecretRef"), "config:rostersync.local.demo-webhook-secret");
        showAndShoot(By.id("hub-form"), "02-hub-add-form");
        driver.findElement(By.id("hub-add")).click();

        By added = By.cssSelector("#hub-integrations tr[data-integration='" + INTEGRATION + "'][data-enabled='false']");
        wait.until(ExpectedConditions.presenceOfElementLocated(added));
        assertThat(text(By.id("hub-form-note"))).contains("Added Browser district");

        driver.findElement(added).findElement(By.cssSelector("button[data-action=test]")).click();
        By result = By.cssSelector("#hub-integrations tr[data-integration='" + INTEGRATION + "'] .test-result.ok");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(result, "Connected"));
        assertThat(text(result)).containsPattern("\\d+ users");

        driver.findElement(added).findElement(By.cssSelector("button[data-action=enable]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#hub-integrations tr[data-integration='" + INTEGRATION + "'][data-enabled='true']")));
        // Show the test result next to the now-enabled integration in the screenshot.
        driver.findElement(By.cssSelector("#hub-integrations tr[data-integration='" + INTEGRATION + "'] button[data-action=test]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(result, "Connected"));
        chromium.screenshot("03-hub-tested-and-enabled");
    }

    @Test
    @Order(3)
    void runSyncNowShowsTheCompletedRunWithItsCountsWithoutAReload() {
        driver.findElement(By.cssSelector("#hub-integrations tr[data-integration='" + INTEGRATION + "'] a")).click();
        wait.until(ExpectedConditions.textToBe(By.id("integration-title"), "Browser district"));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("sync-now")));
        markPage();

        Set<String> before = runIds();
        driver.findElement(By.id("sync-now")).click();
        String run = awaitNewRun(before, "manual", "succeeded");

        assertThat(count(run, "fetched")).isGreaterThan(200);
        assertThat(count(run, "created")).isGreaterThan(200);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "The requested sync succeeded"));
        assertThat(pageWasNotReloaded()).as("the run arrived over the stream, not by reloading the page").isTrue();

        wait.until(d -> {
            d.findElement(runRow(run)).click();
            return true;
        });
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#run-detail tr[data-entity=users]")));
        showAndShoot(By.cssSelector(".tabs"), "04-run-sync-now-completed");
    }

    @Test
    @Order(4)
    void aSignedWebhookYieldsAWebhookRunInTheHistory() throws Exception {
        markPage();
        Set<String> before = runIds();
        HttpResponse<String> changed = send("POST", stack.url(Service.SIMULATOR) + "/admin/changes", "{\"entityType\":\"users\",\"count\":1}", null);
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        String changedId = json.readTree(changed.body()).get("sourcedIds").get(0).asString();

        String webhookId = "msg_" + UUID.randomUUID();
        HttpResponse<String> accepted = signedWebhook(webhookId,
                "{\"entityType\":\"users\",\"ids\":[\"" + changedId + "\"],\"changeKind\":\"updated\"}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        String run = awaitNewRun(before, "webhook", "succeeded");
        assertThat(cellText(run, "td[data-label=Type]")).contains("webhook pull");
        assertThat(pageWasNotReloaded()).isTrue();
        showAndShoot(By.cssSelector(".tabs"), "05-webhook-run");

        // The record's trail names the webhook, the run and the fields it changed.
        driver.findElement(By.cssSelector(".tabs [data-tab=trail]")).click();
        new Select(driver.findElement(By.cssSelector("#trail-form select[name=entityType]"))).selectByValue("users");
        type(driver.findElement(By.cssSelector("#trail-form input[name=recordId]")), changedId);
        driver.findElement(By.id("trail-show")).click();
        By change = By.cssSelector("#trail-view tr[data-run-id='" + run + "']");
        wait.until(ExpectedConditions.presenceOfElementLocated(change));
        assertThat(text(By.cssSelector("#trail-view tr[data-run-id='" + run + "'] .trail-webhooks"))).contains(webhookId);
        assertThat(text(By.cssSelector("#trail-view tr[data-run-id='" + run + "'] .trail-run"))).contains("webhook");
        assertThat(driver.findElements(By.cssSelector("#trail-view tr[data-run-id='" + run + "'] .field-changes li"))).isNotEmpty();
        showAndShoot(By.id("trail-view"), "05b-record-trail");
        driver.findElement(By.cssSelector(".tabs [data-tab=runs]")).click();
    }

    @Test
    @Order(5)
    void aConflictIsResolvedFieldByFieldFromThePage() throws Exception {
        String records = stack.url(Service.ORCHESTRATOR) + "/api/integrations/" + INTEGRATION + "/records/users/" + RECORD;
        HttpResponse<String> local = send("PATCH", records, "{\"givenName\":\"Local-Ann\"}", stack.settings().operatorToken());
        assertThat(local.statusCode()).as(local.body()).isEqualTo(200);
        HttpResponse<String> remote = send("PATCH", stack.url(Service.SIMULATOR) + "/admin/oneroster/users/" + RECORD,
                "{\"givenName\":\"Remote-Ann\",\"dateLastModified\":\"" + Instant.now() + "\"}", null);
        assertThat(remote.statusCode()).as(remote.body()).isEqualTo(200);

        Set<String> before = runIds();
        driver.findElement(By.id("sync-now")).click();
        awaitNewRun(before, "manual", "succeeded");

        driver.findElement(By.cssSelector(".tabs [data-tab=conflicts]")).click();
        new WebDriverWait(driver, STEP, Duration.ofSeconds(3)).ignoring(StaleElementReferenceException.class).until(d -> {
            if (Boolean.TRUE.equals(js("return [...document.querySelectorAll('#conflicts tr[data-conflict-id]')]"
                    + ".some(r => r.textContent.includes(arguments[0]));", RECORD))) {
                return true;
            }
            // The conflict reaches conflict-service over Kafka after the run ends; look again like an operator would.
            d.findElement(By.cssSelector(".tabs [data-tab=conflicts]")).click();
            return false;
        });
        String conflictId = (String) js("return [...document.querySelectorAll('#conflicts tr[data-conflict-id]')]"
                + ".find(r => r.textContent.includes(arguments[0])).dataset.conflictId;", RECORD);
        wait.until(d -> {
            d.findElement(By.cssSelector("#conflicts tr[data-conflict-id='" + conflictId + "']")).click();
            return true;
        });

        By givenName = By.cssSelector("#merge-view tr[data-field=givenName]");
        wait.until(ExpectedConditions.presenceOfElementLocated(givenName));
        WebElement fieldRow = driver.findElement(givenName);
        assertThat(fieldRow.getAttribute("class")).contains("conflicting");
        assertThat(fieldRow.getText()).contains("Local-Ann", "Remote-Ann");
        assertThat(driver.findElement(By.id("resolve-merge")).isEnabled()).as("a choice is needed first").isFalse();
        WebElement edit = fieldRow.findElement(By.cssSelector(".edit-value"));
        edit.clear();
        edit.sendKeys("Merged-Ann");
        showAndShoot(By.id("merge-view"), "06-conflict-merge-view");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("resolve-merge"))).click();

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#merge-view .resolution"), "by admin"));
        assertThat(text(By.cssSelector("#merge-view .resolution"))).contains("RESOLVED", "merge");
        assertThat(text(By.cssSelector("#merge-view tr[data-field=givenName] td.chosen"))).isEqualTo("Merged-Ann");
        showAndShoot(By.id("merge-view"), "07-conflict-resolved");

        JsonNode stored = json.readTree(send("GET", stack.url(Service.CONFLICTS) + "/api/conflicts/" + conflictId, null,
                stack.settings().viewerToken()).body());
        assertThat(stored.get("status").asString()).isEqualTo("resolved");
        assertThat(stored.get("resolvedBy").asString()).as("the operator's own token reached conflict-service").isEqualTo("admin");
        await().atMost(STEP).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(
                json.readTree(send("GET", records, null, stack.settings().viewerToken()).body()).get("givenName").asString())
                .isEqualTo("Merged-Ann"));
    }

    @Test
    @Order(6)
    void aDeadLetterIsRetriedFromThePageAndItsRunCompletes() throws Exception {
        driver.findElement(By.cssSelector(".tabs [data-tab=runs]")).click();
        Set<String> before = runIds();
        String failedRun;
        assertThat(send("PUT", stack.url(Service.SIMULATOR) + "/admin/faults", "{\"failNext\":100000,\"status\":503}", null).statusCode())
                .isEqualTo(200);
        try {
            driver.findElement(By.id("sync-now")).click();
            failedRun = awaitNewRun(before, "manual", "failed");
        } finally {
            send("DELETE", stack.url(Service.SIMULATOR) + "/admin/faults", null, null);
        }

        By letterRow = By.cssSelector("#deadletters tr[data-letter-id]");
        driver.findElement(By.cssSelector(".tabs [data-tab=deadletters]")).click();
        new WebDriverWait(driver, STEP, Duration.ofSeconds(3)).ignoring(StaleElementReferenceException.class).until(d -> {
            if (!d.findElements(letterRow).isEmpty()) {
                return true;
            }
            d.findElement(By.cssSelector(".tabs [data-tab=deadletters]")).click();
            return false;
        });
        driver.findElements(letterRow).get(0).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("letter-payload"), failedRun));
        assertThat(text(By.cssSelector("#letter-view"))).contains("connector.oneroster.commands");
        showAndShoot(By.id("letter-view"), "08-dead-letter-payload");

        markPage();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("letter-retry"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Republished to connector.oneroster.commands"));
        assertThat(text(By.cssSelector("#letter-view"))).contains("REPLAYED");

        driver.findElement(By.cssSelector(".tabs [data-tab=runs]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#runs tr[data-run-id='" + failedRun + "'][data-status=succeeded]")));
        assertThat(pageWasNotReloaded()).isTrue();
        wait.until(d -> {
            d.findElement(runRow(failedRun)).click();
            return d.findElement(By.cssSelector("#run-detail h3")).getText().contains(failedRun);
        });
        showAndShoot(By.cssSelector(".tabs"), "09-dead-letter-retried-run-succeeded");
    }

    @Test
    @Order(7)
    void theOverviewShowsTheIntegrationsFiguresAndSorts() {
        driver.findElement(By.cssSelector("a[data-nav=overview]")).click();
        String row = "#overview-rows tr[data-integration='" + INTEGRATION + "']";
        // The run that failed and was completed by the retry counts once, as succeeded: four runs, no errors. (Counted
        // twice it would be five runs; not taken back, 25 %.)
        wait.until(d -> "4".equals(js("const c = document.querySelector(arguments[0]); return c && c.textContent;",
                row + " td[data-label='Runs 24 h']")) && "0 %".equals(js("return document.querySelector(arguments[0]).textContent;",
                row + " td[data-label='Errors 24 h']")));
        assertThat(js("return document.querySelector(arguments[0]).textContent;", row + " td[data-label=Status]")).asString()
                .startsWith("healthy");

        driver.findElement(By.cssSelector("th[data-sort=runs24h]")).click();
        driver.findElement(By.cssSelector("th[data-sort=runs24h]")).click();
        assertThat(driver.findElement(By.cssSelector("th[data-sort=runs24h]")).getAttribute("aria-sort")).isEqualTo("descending");
        @SuppressWarnings("unchecked")
        List<Object> cells = (List<Object>) js("return [...document.querySelectorAll(\"#overview-rows td[data-label='Runs 24 h']\")]"
                + ".map(td => td.textContent);");
        List<Integer> runs = cells.stream().map(c -> Integer.parseInt(String.valueOf(c).replace(",", ""))).toList();
        assertThat(runs).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        chromium.screenshot("10-overview-after-checklist");
    }

    @Test
    @Order(8)
    void thePagesWorkOnAPhone() {
        chromium.size(390, 844);
        try {
            driver.get(dashboard + "/#/");
            wait.until(ExpectedConditions.presenceOfElementLocated(row("overview-rows", INTEGRATION)));
            assertThat(horizontalOverflow()).as("no sideways scrolling").isLessThanOrEqualTo(1);
            chromium.screenshot("11-phone-overview");

            driver.get(dashboard + "/#/integrations/" + INTEGRATION);
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#runs tr[data-run-id]")));
            assertThat(horizontalOverflow()).isLessThanOrEqualTo(1);
            chromium.screenshot("12-phone-integration");
        } finally {
            chromium.size(1440, 1000);
        }
    }

    @Test
    @Order(9)
    void pauseQueuesWebhooksUntilResumeAndAHeldRolloverIsApprovedFromThePage() throws Exception {
        driver.get(dashboard + "/#/integrations/" + INTEGRATION);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#runs tr[data-run-id]")));

        // Paused: a webhook's run waits in the queue; Resume lets it run.
        wait.until(ExpectedConditions.textToBe(By.id("pause-toggle"), "Pause"));
        driver.findElement(By.id("pause-toggle")).click();
        wait.until(ExpectedConditions.textToBe(By.id("pause-toggle"), "Resume"));
        assertThat(text(By.id("integration-status"))).contains("PAUSED");
        Set<String> before = runIds();
        HttpResponse<String> changed = send("POST", stack.url(Service.SIMULATOR) + "/admin/changes", "{\"entityType\":\"users\",\"count\":1}", null);
        String changedId = json.readTree(changed.body()).get("sourcedIds").get(0).asString();
        assertThat(signedWebhook("msg_" + UUID.randomUUID(), "{\"entityType\":\"users\",\"ids\":[\"" + changedId
                + "\"],\"changeKind\":\"updated\"}").statusCode()).isEqualTo(202);
        String queued = awaitNewRun(before, "webhook", "queued");
        showAndShoot(By.cssSelector(".tabs"), "13-paused-webhook-queued");
        driver.findElement(By.id("pause-toggle")).click();
        wait.until(ExpectedConditions.textToBe(By.id("pause-toggle"), "Pause"));
        wait.until(ExpectedConditions.attributeToBe(runRow(queued), "data-status", "succeeded"));

        // A year-end rollover (30 % of the enrollments deleted in the SIS) is held; the operator sees why and approves.
        java.util.List<String> active = new java.util.ArrayList<>();
        String simulatorToken = new io.rostersync.e2e.StackHttp(stack).simulatorToken();
        for (JsonNode enrollment : json.readTree(send("GET", stack.oneRosterBaseUrl() + "/enrollments?limit=10000&filter="
                + java.net.URLEncoder.encode("status='active'", StandardCharsets.UTF_8), null, simulatorToken).body()).get("enrollments")) {
            active.add(enrollment.get("sourcedId").asString());
        }
        int deletes = (int) Math.ceil(active.size() * 0.3);
        for (String enrollment : active.subList(0, deletes)) {
            assertThat(send("DELETE", stack.url(Service.SIMULATOR) + "/admin/oneroster/enrollments/" + enrollment, null, null).statusCode())
                    .isEqualTo(200);
        }
        before = runIds();
        driver.findElement(By.id("sync-now")).click();
        String held = awaitNewRun(before, "manual", "on_hold");
        wait.until(d -> {
            d.findElement(runRow(held)).click();
            return !d.findElements(By.id("hold-approve")).isEmpty();
        });
        assertThat(text(By.cssSelector("#run-detail .hold-reasons"))).contains("enrollments");
        assertThat(text(By.cssSelector("#run-detail .hold-entities tr[data-entity=enrollments]"))).contains(String.format("%,d", deletes));
        showAndShoot(By.id("run-detail"), "14-held-run");
        driver.findElement(By.id("hold-approve")).click();
        wait.until(ExpectedConditions.attributeToBe(runRow(held), "data-status", "succeeded"));
        assertThat(count(held, "deleted")).isEqualTo(deletes);
    }

    @Test
    @Order(10)
    void aViewerSeesEverythingButCannotAct() {
        driver.findElement(By.id("change-token")).click();
        signIn(stack.settings().viewerToken());
        driver.get(dashboard + "/#/integrations/" + INTEGRATION);
        wait.until(ExpectedConditions.textToBe(By.id("whoami"), "viewer (viewer)"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#runs tr[data-run-id]")));
        assertThat(driver.findElement(By.id("sync-now")).isEnabled()).isFalse();
        assertThat(driver.findElement(By.id("sync-now")).getAttribute("title")).contains("operator");
        Object status = ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch('api/integrations/" + INTEGRATION + "/sync', {method: 'POST', headers: {Authorization: 'Bearer ' + "
                        + "localStorage.getItem('rostersync.token'), 'Content-Type': 'application/json'}, body: '{}'})"
                        + ".then(r => done(r.status), () => done(-1));");
        assertThat(((Number) status).intValue()).isEqualTo(403);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private static void signIn(String token) {
        WebElement input = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        input.sendKeys(token);
        driver.findElement(By.cssSelector("#login button[type=submit]")).click();
    }

    private static By row(String tbody, String integrationId) {
        return By.cssSelector("#" + tbody + " tr[data-integration='" + integrationId + "']");
    }

    private static WebElement field(String name) {
        return driver.findElement(By.cssSelector("#hub-form [name=" + name + "]"));
    }

    private static void type(WebElement input, String value) {
        input.clear();
        input.sendKeys(value);
    }

    private static String text(By by) {
        return driver.findElement(by).getText();
    }

    @SuppressWarnings("unchecked")
    private static Set<String> runIds() {
        return new HashSet<>((List<String>) js("return [...document.querySelectorAll('#runs tr[data-run-id]')].map(r => r.dataset.runId);"));
    }

    /** Waits until a run not in {@code before} shows with this type and status, and returns its id. */
    private static String awaitNewRun(Set<String> before, String runType, String status) {
        return wait.until(d -> (String) js("for (const r of document.querySelectorAll('#runs tr[data-run-id]')) {"
                + " if (r.dataset.runType === arguments[1] && r.dataset.status === arguments[2] && !arguments[0].includes(r.dataset.runId))"
                + " return r.dataset.runId; } return null;", List.copyOf(before), runType, status));
    }

    private static By runRow(String runId) {
        return By.cssSelector("#runs tr[data-run-id='" + runId + "']");
    }

    private static String cellText(String runId, String cell) {
        return (String) js("return document.querySelector(arguments[0]).textContent;",
                "#runs tr[data-run-id='" + runId + "'] " + cell);
    }

    private static long count(String runId, String name) {
        return Long.parseLong(cellText(runId, ".count-" + name).replace(",", ""));
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Scrolls the element to the top of the window, then saves a screenshot: the part of the page the step is about. */
    private static void showAndShoot(By element, String name) {
        js("arguments[0].scrollIntoView({block: 'start'}); window.scrollBy(0, -8);", driver.findElement(element));
        chromium.screenshot(name);
    }

    /** Marks the current document; a reload would drop the mark. */
    private static void markPage() {
        ((JavascriptExecutor) driver).executeScript("window.__checklistMark = 'kept';");
    }

    private static boolean pageWasNotReloaded() {
        return "kept".equals(((JavascriptExecutor) driver).executeScript("return window.__checklistMark;"));
    }

    private static long horizontalOverflow() {
        return ((Number) ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;")).longValue();
    }

    private HttpResponse<String> send(String method, String url, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> signedWebhook(String id, String body) throws Exception {
        return new io.rostersync.e2e.StackHttp(stack).webhook(INTEGRATION, id, body, stack.settings().demoWebhookSecret());
    }

}

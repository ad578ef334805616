package io.rostersync.simulator.webhooks;

import java.net.URI;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.constraints.NotBlank;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Admin control of the webhook receiver: {@code PUT} a target, {@code DELETE} to stop sending, {@code GET} counters. */
@RestController
@RequestMapping(path = "/admin/webhook", produces = MediaType.APPLICATION_JSON_VALUE)
class WebhookController {

    private final WebhookSender sender;

    WebhookController(WebhookSender sender) {
        this.sender = sender;
    }

    /** Body of {@code PUT /admin/webhook}. */
    record TargetRequest(@NotBlank String url, @NotBlank String secret, String connector) {
    }

    @GetMapping
    Map<String, Object> status() {
        Map<String, Object> view = new LinkedHashMap<>();
        sender.target().ifPresentOrElse(t -> {
            view.put("configured", true);
            view.put("url", t.url().toString());
            view.put("connector", t.connector());
        }, () -> view.put("configured", false));
        view.put("deliveries", sender.counters());
        return view;
    }

    @PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> set(@RequestBody @Validated TargetRequest request) {
        URI url;
        try {
            url = URI.create(request.url());
        } catch (IllegalArgumentException e) {
            throw badRequest("url is not a URI");
        }
        if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
            throw badRequest("url must be an absolute http(s) URL");
        }
        if (!request.secret().startsWith(WebhookTarget.SECRET_PREFIX)) {
            throw badRequest("secret must look like whsec_<base64>");
        }
        try {
            if (Base64.getDecoder().decode(request.secret().substring(WebhookTarget.SECRET_PREFIX.length())).length == 0) {
                throw badRequest("secret must not be empty");
            }
        } catch (IllegalArgumentException e) {
            throw badRequest("secret after whsec_ must be base64");
        }
        String connector = request.connector() == null ? "oneroster" : request.connector();
        if (!connector.equals("oneroster") && !connector.equals("edfi")) {
            throw badRequest("connector must be oneroster or edfi");
        }
        sender.setTarget(new WebhookTarget(url, request.secret(), connector));
        return status();
    }

    @DeleteMapping
    Map<String, Object> remove() {
        sender.setTarget(null);
        return status();
    }

    private static ResponseStatusException badRequest(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }
}

package io.rostersync.gateway.webhooks;

/**
 * The answer to an accepted webhook.
 *
 * @param eventId the CloudEvents id of the {@code SisChangeEvent}; the same for every delivery of one webhook
 * @param duplicate true when the webhook id was seen before and nothing was published this time
 */
record WebhookReceipt(String eventId, String webhookId, boolean duplicate) {
}

package dev.spaceport.server.audit;

import dev.spaceport.server.access.Caller;

/**
 * Who is making a change, as the audit log records it: the authenticated {@link Caller} (what access
 * checks use), the public IDs of their user and API key, and the request's ID. Routes build one per
 * request ({@code Authenticator.actor(ctx)}) and hand it to the service methods that write.
 *
 * @param caller the caller, or null for the server itself ({@link #SYSTEM})
 * @param userId the caller's public user ID, or null for the server
 * @param keyId the public ID of the API key the request came with, or null for the server
 * @param requestId the request's {@code X-Request-Id}, or null outside a request
 */
public record Actor(Caller caller, String userId, String keyId, String requestId) {

  /** Changes the server makes on its own, such as creating the first account admin. */
  public static final Actor SYSTEM = new Actor(null, null, null, null);
}

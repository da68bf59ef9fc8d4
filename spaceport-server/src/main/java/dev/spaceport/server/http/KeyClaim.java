package dev.spaceport.server.http;

import dev.spaceport.server.access.Access;
import dev.spaceport.server.audit.Actor;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The caller a request's API key names, and whether the store has confirmed it for this request
 * ({@link Authenticator}). On PostgreSQL a key this node verified before is remembered, and a
 * request with it, on a route that confirms the key itself (a space's create), starts out as an
 * unconfirmed claim. The claim is confirmed one of two ways:
 * <ul>
 *   <li>by a lookup, the first time anything asks for the request's caller
 *       ({@link Authenticator#caller}, {@link Authenticator#actor}, {@link #confirm});
 *   <li>by a write that sends {@link #requirement()} with its own statements, and so costs no
 *       round trip of its own. The write fails if the key no longer holds, and is then done again
 *       after {@link #confirm} ({@link #confirmedByWrite} after it succeeded).
 * </ul>
 * Either way a key deleted, expired or switched off, or a user deleted, switched off or given
 * another account role, is refused on the very next request. Used by one request's thread only.
 */
public final class KeyClaim {

  private Actor actor;
  /** What the store must still say for the claim to hold; null once confirmed. */
  private Access.Condition requirement;
  /** Looks the key up, sets the request's caller, and returns it; or throws the 401. */
  private final Supplier<Actor> lookup;
  /** Records the key's use, once confirmed (KeyUsage). */
  private final Runnable used;

  private KeyClaim(Actor actor, Access.Condition requirement, Supplier<Actor> lookup,
      Runnable used) {
    this.actor = actor;
    this.requirement = requirement;
    this.lookup = lookup;
    this.used = used;
  }

  /** A claim the store has confirmed for this request already. */
  static KeyClaim confirmed(Actor actor) {
    return new KeyClaim(actor, null, () -> actor, () -> { });
  }

  static KeyClaim unconfirmed(Actor actor, Access.Condition requirement, Supplier<Actor> lookup,
      Runnable used) {
    return new KeyClaim(actor, requirement, lookup, used);
  }

  /** The caller the key names: confirmed, or as this node last verified it. */
  public Actor actor() {
    return actor;
  }

  /**
   * The SQL condition that holds while the key names this caller, for a write to require
   * ({@code Tx.Statement.require}); empty once the claim is confirmed.
   */
  public Optional<Access.Condition> requirement() {
    return Optional.ofNullable(requirement);
  }

  /** Confirms the claim with a lookup, if it is not confirmed yet; a 401 if the key is refused. */
  public Actor confirm() {
    if (requirement != null) {
      actor = lookup.get();
      requirement = null;
    }
    return actor;
  }

  /** A write that required {@link #requirement()} has succeeded: the claim held. */
  public void confirmedByWrite() {
    if (requirement != null) {
      requirement = null;
      used.run();
    }
  }

  /**
   * Runs {@code work}, which answers the request on the claim; if it throws, the claim is
   * confirmed first, so that a key no longer good is refused (401) before anything else is said
   * about the request: a malformed body, a name taken.
   */
  public <T> T confirmedIfItThrows(Supplier<T> work) {
    try {
      return work.get();
    } catch (Exception e) {
      // Exception, not RuntimeException: Javalin's body read throws a checked IOException (a
      // timed-out body) that Java does not see declared; rethrown as it came.
      try {
        confirm();
      } catch (RuntimeException refused) {
        refused.addSuppressed(e);
        throw refused;
      }
      throw e;
    }
  }
}

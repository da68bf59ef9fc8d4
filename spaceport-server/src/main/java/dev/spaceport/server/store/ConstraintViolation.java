package dev.spaceport.server.store;

/**
 * A write that a unique or foreign-key constraint refused. Services catch it where the constraint
 * means something to the caller (a duplicate name → 409); anywhere else it is a server fault.
 */
public final class ConstraintViolation extends RuntimeException {

  public enum Kind { UNIQUE, FOREIGN_KEY }

  private final Kind kind;

  ConstraintViolation(Kind kind, Throwable cause) {
    super(kind + " constraint violated", cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  public boolean isUnique() {
    return kind == Kind.UNIQUE;
  }
}

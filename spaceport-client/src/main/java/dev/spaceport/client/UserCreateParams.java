package dev.spaceport.client;

import dev.spaceport.api.PredefinedRole;
import java.util.Objects;

/**
 * A user to create, as a value.
 *
 * <pre>{@code
 * users.create(UserCreateParams.builder().name("Ada").email("ada@acme.example")
 *     .accountRole(PredefinedRole.ANNOTATOR).isDeveloper(true).build());
 * }</pre>
 *
 * @param name the user's full name
 * @param email unique in the account
 * @param accountRole {@code ADMIN}, {@code MEMBER} or {@code ANNOTATOR}
 * @param inviteMode how the user is invited ({@link UsersClient.InviteMode#NONE} on Spaceport)
 * @param isDeveloper whether the user may use API keys; null for the role's default (true except
 *     for annotators)
 */
public record UserCreateParams(String name, String email, PredefinedRole accountRole,
    UsersClient.InviteMode inviteMode, Boolean isDeveloper) {

  /** @throws NullPointerException without a name, an email, an account role or an invite mode */
  public UserCreateParams {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(accountRole, "accountRole");
    Objects.requireNonNull(inviteMode, "inviteMode");
  }

  /**
   * A builder; the name, the email and the account role are required, the invite mode defaults
   * to {@link UsersClient.InviteMode#NONE}, and {@code isDeveloper} to the role's default.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link UserCreateParams}. */
  public static final class Builder {
    private String name;
    private String email;
    private PredefinedRole accountRole;
    private UsersClient.InviteMode inviteMode = UsersClient.InviteMode.NONE;
    private Boolean isDeveloper;

    private Builder() {}

    /** The user's full name (required). */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** The user's email, unique in the account (required). */
    public Builder email(String email) {
      this.email = email;
      return this;
    }

    /** The account role: {@code ADMIN}, {@code MEMBER} or {@code ANNOTATOR} (required). */
    public Builder accountRole(PredefinedRole accountRole) {
      this.accountRole = accountRole;
      return this;
    }

    /** How the user is invited (default {@link UsersClient.InviteMode#NONE}). */
    public Builder inviteMode(UsersClient.InviteMode inviteMode) {
      this.inviteMode = inviteMode;
      return this;
    }

    /** Whether the user may use API keys (default: yes, except for annotators). */
    public Builder isDeveloper(boolean isDeveloper) {
      this.isDeveloper = isDeveloper;
      return this;
    }

    /** @throws NullPointerException without a name, an email or an account role */
    public UserCreateParams build() {
      return new UserCreateParams(name, email, accountRole, inviteMode, isDeveloper);
    }
  }
}

package dev.spaceport.server.access;

/**
 * Who is making a request: the user behind the API key and their account-level role.
 *
 * @param userId the user's row number
 * @param accountRole {@code admin}, {@code member} or {@code annotator}
 * @param keyId the API key's row number
 */
public record Caller(long userId, String accountRole, long keyId) {

  public boolean isAccountAdmin() {
    return "admin".equals(accountRole);
  }

  public boolean isAnnotator() {
    return "annotator".equals(accountRole);
  }
}

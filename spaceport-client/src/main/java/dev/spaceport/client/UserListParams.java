package dev.spaceport.client;

import java.util.Collection;
import java.util.List;

/**
 * Filters and paging for listing users.
 *
 * @param email exact email (case-insensitive), or null for any
 * @param statuses any of {@code active}, {@code invited}, {@code expired}; empty for all
 * @param limit page size 1–100, or null for the server's default (50)
 * @param cursor where to continue, from a previous page; null for the first page
 */
public record UserListParams(String email, List<String> statuses, Integer limit, String cursor) {

  /** Null statuses mean all; the list is copied. */
  public UserListParams {
    statuses = statuses == null ? List.of() : List.copyOf(statuses);
  }

  /** A builder with no filters set: every user of the account, 50 a page. */
  public static Builder builder() {
    return new Builder();
  }

  /** The same filters, continuing after {@code newCursor}. */
  public UserListParams withCursor(String newCursor) {
    return new UserListParams(email, statuses, limit, newCursor);
  }

  /** Builds {@link UserListParams}; everything is optional. */
  public static final class Builder extends PagingBuilder<Builder> {
    private String email;
    private List<String> statuses = List.of();

    private Builder() {}

    /** Only the user with this email (case-insensitive). */
    public Builder email(String email) {
      this.email = email;
      return this;
    }

    /** Only users in one of these statuses: {@code active}, {@code invited}, {@code expired}. */
    public Builder statuses(String... statuses) {
      this.statuses = List.of(statuses);
      return this;
    }

    /** Only users in one of these statuses; empty for all. */
    public Builder statuses(Collection<String> statuses) {
      this.statuses = List.copyOf(statuses);
      return this;
    }

    /** The parameters as set so far. */
    public UserListParams build() {
      return new UserListParams(email, statuses, pageLimit(), pageCursor());
    }
  }
}

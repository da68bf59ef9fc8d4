package dev.spaceport.client;

/**
 * Filters and paging for listing space role bindings.
 *
 * @param userId only this user's bindings, or null for everyone's
 * @param limit page size 1–100, or null for the server's default (50)
 * @param cursor where to continue, from a previous page; null for the first page
 */
public record RoleBindingListParams(String userId, Integer limit, String cursor) {

  /** A builder with no filters set: every space binding the caller may read, 50 a page. */
  public static Builder builder() {
    return new Builder();
  }

  /** The same filters, continuing after {@code newCursor}. */
  public RoleBindingListParams withCursor(String newCursor) {
    return new RoleBindingListParams(userId, limit, newCursor);
  }

  /** Builds {@link RoleBindingListParams}; everything is optional. */
  public static final class Builder extends PagingBuilder<Builder> {
    private String userId;

    private Builder() {}

    /** Only this user's bindings (an ID). */
    public Builder userId(String userId) {
      this.userId = userId;
      return this;
    }

    /** The parameters as set so far. */
    public RoleBindingListParams build() {
      return new RoleBindingListParams(userId, pageLimit(), pageCursor());
    }
  }
}

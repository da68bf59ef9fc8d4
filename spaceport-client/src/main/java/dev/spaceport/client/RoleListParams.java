package dev.spaceport.client;

/**
 * Filters and paging for listing roles.
 *
 * @param predefined true for the predefined roles only, false for the custom ones, null for all
 * @param limit page size 1–100, or null for the server's default (50)
 * @param cursor where to continue, from a previous page; null for the first page
 */
public record RoleListParams(Boolean predefined, Integer limit, String cursor) {

  /** A builder with no filters set: every role, predefined and custom, 50 a page. */
  public static Builder builder() {
    return new Builder();
  }

  /** The same filters, continuing after {@code newCursor}. */
  public RoleListParams withCursor(String newCursor) {
    return new RoleListParams(predefined, limit, newCursor);
  }

  /** Builds {@link RoleListParams}; everything is optional. */
  public static final class Builder extends PagingBuilder<Builder> {
    private Boolean predefined;

    private Builder() {}

    /** Only the predefined roles (true) or only the custom ones (false). */
    public Builder predefined(boolean predefined) {
      this.predefined = predefined;
      return this;
    }

    /** The parameters as set so far. */
    public RoleListParams build() {
      return new RoleListParams(predefined, pageLimit(), pageCursor());
    }
  }
}

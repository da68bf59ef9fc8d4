package dev.spaceport.client;

/**
 * Filters and paging for listing organizations.
 *
 * @param name case-insensitive substring of the organization name, or null for all
 * @param limit page size 1–100, or null for the server's default (50)
 * @param cursor where to continue, from a previous page; null for the first page
 */
public record OrganizationListParams(String name, Integer limit, String cursor) {

  /** A builder with no filters set: every organization the caller belongs to, 50 a page. */
  public static Builder builder() {
    return new Builder();
  }

  /** The same filters, continuing after {@code newCursor}. */
  public OrganizationListParams withCursor(String newCursor) {
    return new OrganizationListParams(name, limit, newCursor);
  }

  /** Builds {@link OrganizationListParams}; everything is optional. */
  public static final class Builder extends PagingBuilder<Builder> {
    private String name;

    private Builder() {}

    /** Only organizations whose name contains this, in any case. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** The parameters as set so far. */
    public OrganizationListParams build() {
      return new OrganizationListParams(name, pageLimit(), pageCursor());
    }
  }
}

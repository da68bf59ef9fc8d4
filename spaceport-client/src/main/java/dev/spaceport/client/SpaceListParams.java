package dev.spaceport.client;

/**
 * Filters and paging for listing spaces.
 *
 * @param organizationId only spaces of this organization
 * @param name case-insensitive substring of the space name
 */
public record SpaceListParams(String organizationId, String name, Integer limit, String cursor) {

  public static Builder builder() {
    return new Builder();
  }

  public SpaceListParams withCursor(String newCursor) {
    return new SpaceListParams(organizationId, name, limit, newCursor);
  }

  /** Builds {@link SpaceListParams}; everything is optional. */
  public static final class Builder {
    private String organizationId;
    private String name;
    private Integer limit;
    private String cursor;

    public Builder organizationId(String organizationId) {
      this.organizationId = organizationId;
      return this;
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder limit(int limit) {
      this.limit = limit;
      return this;
    }

    public Builder cursor(String cursor) {
      this.cursor = cursor;
      return this;
    }

    public SpaceListParams build() {
      return new SpaceListParams(organizationId, name, limit, cursor);
    }
  }
}

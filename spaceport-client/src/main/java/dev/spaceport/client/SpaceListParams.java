package dev.spaceport.client;

/**
 * Filters and paging for listing spaces.
 *
 * @param organizationId only spaces of this organization
 * @param name case-insensitive substring of the space name; with {@code exactName}, the whole name
 * @param exactName only spaces named exactly {@code name} (case-sensitive). Spaceport answers this
 *     with one index lookup ({@code name_match=exact}); against a server without that parameter
 *     (Arize's) the SDK reads the substring matches and keeps the exact ones, so pages may then
 *     hold fewer items than {@code limit}, or none, while more follow. Needs a non-empty
 *     {@code name}.
 */
public record SpaceListParams(String organizationId, String name, Integer limit, String cursor,
    boolean exactName) {

  /** @throws IllegalArgumentException for {@code exactName} without a non-empty name */
  public SpaceListParams {
    if (exactName && (name == null || name.isEmpty())) {
      throw new IllegalArgumentException("exactName needs a non-empty name");
    }
  }

  /** Substring matching on {@code name}, as Arize's SDK lists spaces. */
  public SpaceListParams(String organizationId, String name, Integer limit, String cursor) {
    this(organizationId, name, limit, cursor, false);
  }

  /** A builder with no filters set: every space the caller can access, 50 a page. */
  public static Builder builder() {
    return new Builder();
  }

  /** The same filters, continuing after {@code newCursor}. */
  public SpaceListParams withCursor(String newCursor) {
    return new SpaceListParams(organizationId, name, limit, newCursor, exactName);
  }

  /** Builds {@link SpaceListParams}; everything is optional. */
  public static final class Builder extends PagingBuilder<Builder> {
    private String organizationId;
    private String name;
    private boolean exactName;

    /** Only spaces of this organization (an ID). */
    public Builder organizationId(String organizationId) {
      this.organizationId = organizationId;
      return this;
    }

    /** Only spaces whose name contains this, in any case ({@code %} and {@code _} literal). */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** Only spaces named exactly {@link #name(String)} (see {@link SpaceListParams}). */
    public Builder exactName(boolean exactName) {
      this.exactName = exactName;
      return this;
    }

    /** @throws IllegalArgumentException for {@code exactName} without a non-empty name */
    public SpaceListParams build() {
      return new SpaceListParams(organizationId, name, pageLimit(), pageCursor(), exactName);
    }
  }
}

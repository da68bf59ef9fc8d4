package dev.spaceport.client;

/**
 * Filters and paging for listing the caller's API keys.
 *
 * @param keyType {@code user} or {@code service}, or null for both
 * @param status {@code active} or {@code deleted}, or null for both
 * @param limit page size 1–100, or null for the server's default (50)
 * @param cursor where to continue, from a previous page; null for the first page
 */
public record ApiKeyListParams(String keyType, String status, Integer limit, String cursor) {

  /** A builder with no filters set: every key of the caller's, 50 a page. */
  public static Builder builder() {
    return new Builder();
  }

  /** The same filters, continuing after {@code newCursor}. */
  public ApiKeyListParams withCursor(String newCursor) {
    return new ApiKeyListParams(keyType, status, limit, newCursor);
  }

  /** Builds {@link ApiKeyListParams}; everything is optional. */
  public static final class Builder {
    private String keyType;
    private String status;
    private Integer limit;
    private String cursor;

    private Builder() {}

    /** Only keys of this type: {@code user} or {@code service}. */
    public Builder keyType(String keyType) {
      this.keyType = keyType;
      return this;
    }

    /** Only keys in this status: {@code active} or {@code deleted}. */
    public Builder status(String status) {
      this.status = status;
      return this;
    }

    /** Page size, 1–100 (default 50). */
    public Builder limit(int limit) {
      this.limit = limit;
      return this;
    }

    /** Where to continue: a previous page's next cursor. */
    public Builder cursor(String cursor) {
      this.cursor = cursor;
      return this;
    }

    /** The parameters as set so far. */
    public ApiKeyListParams build() {
      return new ApiKeyListParams(keyType, status, limit, cursor);
    }
  }
}

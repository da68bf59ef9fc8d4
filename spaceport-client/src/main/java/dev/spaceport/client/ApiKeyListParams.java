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
  public static final class Builder extends PagingBuilder<Builder> {
    private String keyType;
    private String status;

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

    /** The parameters as set so far. */
    public ApiKeyListParams build() {
      return new ApiKeyListParams(keyType, status, pageLimit(), pageCursor());
    }
  }
}

package dev.spaceport.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One page of {@code GET /v2/api-keys}. */
public record ApiKeyList(@JsonProperty("api_keys") List<ApiKey> apiKeys, Pagination pagination) {}

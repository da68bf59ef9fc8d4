package dev.spaceport.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An RFC 9457 problem detail: the body of every error response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance) {

  /** The media type of every error response (RFC 9457). */
  public static final String MEDIA_TYPE = "application/problem+json";
}

package io.keymint.venice;

import java.util.Collections;
import java.util.Map;

/** A fully read HTTP response: status, lower-case header names (last value wins), capped body. */
final class HttpResponse {
  private final int status;
  private final Map<String, String> headers;
  private final byte[] body;

  public HttpResponse(int status, Map<String, String> headers, byte[] body) {
    this.status = status;
    this.headers = Collections.unmodifiableMap(headers);
    this.body = body;
  }

  public int status() {
    return status;
  }

  /** Header value by lower-case name, or null. */
  public String header(String lowerCaseName) {
    return headers.get(lowerCaseName);
  }

  public Map<String, String> headers() {
    return headers;
  }

  /** The body. It may hold a secret (a mint response), so it is never logged. */
  public byte[] body() {
    return body;
  }
}

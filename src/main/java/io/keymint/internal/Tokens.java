package io.keymint.internal;

/**
 * What keymint agrees to sign: a Venice token, which is a JWT — three base64url segments joined by
 * dots, of bounded length, nothing else. Anything else a server hands out as a "token" (a message
 * that would sign something else: the old escrow derivation message, a transaction, a login) is
 * refused before the wallet sees it.
 */
public final class Tokens {
  /** Venice's tokens are a few hundred characters; this leaves room and refuses essays. */
  public static final int MAX_LENGTH = 4096;

  private Tokens() {}

  /**
   * Why {@code token} is not a Venice token, or null when it has the shape of one.
   *
   * @param token the token as the server sent it
   * @return a short reason that never quotes the token, or null
   */
  public static String problem(String token) {
    if (token == null || token.isEmpty()) {
      return "it is empty";
    }
    if (token.length() > MAX_LENGTH) {
      return "it is " + token.length() + " characters long, over " + MAX_LENGTH;
    }
    int segments = 1;
    int segmentLength = 0;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == '.') {
        if (segmentLength == 0) {
          return "it has an empty segment";
        }
        segments++;
        segmentLength = 0;
      } else if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_') {
        segmentLength++;
      } else {
        return Character.isWhitespace(c) || Character.isISOControl(c)
            ? "it holds whitespace or control characters"
            : "it holds a character outside base64url";
      }
    }
    if (segments != 3 || segmentLength == 0) {
      return "it is not three base64url segments joined by dots (a JWT)";
    }
    return null;
  }
}

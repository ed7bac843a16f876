package io.keymint.internal;

import java.util.regex.Pattern;

/**
 * Text that came from a server (Venice's error messages, key descriptions, any string a reply
 * carries), made safe to print or put in an exception message: terminal escape sequences (OSC
 * {@code ESC ] … BEL}, CSI {@code ESC [ … final}, and the rest), control characters and bidi
 * overrides are removed, line breaks and tabs become spaces. The one place that does it: the error
 * mapping, the CLI's tables and summaries call it.
 */
public final class Text {
  /** OSC (…BEL or …ESC \), DCS/PM/APC/SOS (…ST), CSI, then any other two-byte ESC sequence. */
  private static final Pattern ESCAPES =
      Pattern.compile(
          "\u001b\\][^\u0007\u001b\u009c]*(\u0007|\u001b\\\\|\u009c)?"
              + "|\u001b[P^_X][^\u001b\u009c]*(\u001b\\\\|\u009c)?"
              + "|(\u001b\\[|\u009b)[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]?"
              + "|\u009d[^\u0007\u001b\u009c]*(\u0007|\u001b\\\\|\u009c)?"
              + "|\u001b[\u0020-\u002f]*[\u0030-\u007e]?");

  /** Line and paragraph separators, bidi embeddings, overrides and isolates. */
  private static final Pattern INVISIBLE =
      Pattern.compile("[\u2028\u2029\u202a-\u202e\u2066-\u2069]");

  private Text() {}

  /**
   * {@code text} without escape sequences and control characters; null stays null.
   *
   * @param text what a server sent, or null
   * @return the printable rest, stripped of surrounding blanks
   */
  public static String clean(String text) {
    if (text == null) {
      return null;
    }
    String s = ESCAPES.matcher(text).replaceAll("");
    s = INVISIBLE.matcher(s).replaceAll("");
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r' || c == '\t') {
        out.append(' ');
      } else if (!Character.isISOControl(c)) {
        out.append(c);
      }
    }
    return out.toString().strip();
  }

  /**
   * {@link #clean(String)}, cut to {@code max} characters with an ellipsis.
   *
   * @param text what a server sent, or null
   * @param max the most characters kept
   * @return the printable rest
   */
  public static String clean(String text, int max) {
    String s = clean(text);
    return s == null || s.length() <= max ? s : s.substring(0, max) + "…";
  }
}

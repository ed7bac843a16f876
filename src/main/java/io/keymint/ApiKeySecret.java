package io.keymint;

import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * A Venice API key's secret. Venice shows it exactly once, so this type is built to be handed on,
 * never printed: {@link #toString()} is redacted, {@link #equals} is identity, it is not {@link
 * java.io.Serializable}, and Jackson finds no properties on it.
 *
 * <p>{@link #reveal()} is the one way to read it. {@link #destroy()} overwrites the held
 * characters; strings already returned by {@code reveal()} cannot be wiped (a JVM limit), so call
 * it as late as you can. Thread-safe.
 */
public final class ApiKeySecret implements Destroyable {
  private final char[] value;
  private final String lastSix;
  private volatile boolean destroyed;

  private ApiKeySecret(char[] value) {
    this.value = value;
    int from = Math.max(0, value.length - 6);
    this.lastSix = new String(value, from, value.length - from);
  }

  /**
   * Wraps a secret. The characters are copied; wipe your array afterwards if you can.
   *
   * @throws IllegalArgumentException if {@code secret} is empty
   */
  public static ApiKeySecret of(CharSequence secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length() == 0) {
      throw new IllegalArgumentException("an API key secret cannot be empty");
    }
    char[] copy = new char[secret.length()];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = secret.charAt(i);
    }
    return new ApiKeySecret(copy);
  }

  /**
   * Returns the secret itself. Handle the result as you would a password.
   *
   * @throws IllegalStateException if this secret was destroyed
   */
  public String reveal() {
    return new String(chars());
  }

  /** Returns a copy of the secret's characters; the caller should wipe it after use. */
  public char[] revealChars() {
    return chars().clone();
  }

  /**
   * The last six characters, the same hint Venice shows as {@code last6Chars}. Safe to log: it is
   * what Venice itself lists for every key.
   */
  public String lastSix() {
    return lastSix;
  }

  private char[] chars() {
    if (destroyed) {
      throw new IllegalStateException("this API key secret was destroyed");
    }
    return value;
  }

  @Override
  public void destroy() {
    destroyed = true;
    Arrays.fill(value, '\0');
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  /**
   * Identity: two objects holding the same secret are not equal, so nothing leaks by comparison.
   */
  @Override
  public boolean equals(Object other) {
    return this == other;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  @Override
  public String toString() {
    return "ApiKeySecret[redacted, ends " + lastSix + "]";
  }
}

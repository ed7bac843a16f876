package io.keymint.bench;

final class Tokens {
  private Tokens() {}

  /** A token shaped like Venice's (HS256 JWT with a subject and a 15-minute expiry). */
  static final String TOKEN =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI2ZjNkOGE5Yi0xYzJlLTRhNWYtOGI3Yy05ZDBlMWYy"
          + "YTNiNGMiLCJpYXQiOjE3NjQ0NjA4MDAsImV4cCI6MTc2NDQ2MTcwMH0.Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3Jh"
          + "dWx0";
}

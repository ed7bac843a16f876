package io.keymint.mint;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a mint did about keys that ambiguous attempts (a 5xx, or a connection lost after the POST)
 * may have left behind: keys Venice created whose secrets never arrived. With an admin key at hand
 * (or when the minted key is itself an ADMIN key) the minter lists the account's keys and revokes
 * those with the minted key's description created within {@link #from()}–{@link #to()}, never the
 * minted key itself; without one it only reports the window.
 *
 * <p>Immutable. Built by the minter only: read it from {@link MintResult#orphans()}.
 */
public final class OrphanCheck {
  private final Instant from;
  private final Instant to;
  private final String description;
  private final boolean searched;
  private final List<String> revoked;
  private final List<String> notRevoked;
  private final String problem;

  OrphanCheck(
      Instant from,
      Instant to,
      String description,
      boolean searched,
      List<String> revoked,
      List<String> notRevoked,
      String problem) {
    this.from = from;
    this.to = to;
    this.description = description;
    this.searched = searched;
    this.revoked = List.copyOf(revoked);
    this.notRevoked = List.copyOf(notRevoked);
    this.problem = problem;
  }

  /** When the first ambiguous attempt was sent (by the client's clock). */
  public Instant from() {
    return from;
  }

  /** When the minted key arrived. */
  public Instant to() {
    return to;
  }

  /** The description the orphans carry (the minted key's). */
  public String description() {
    return description;
  }

  /** Whether the account's keys were listed. */
  public boolean searched() {
    return searched;
  }

  /** Ids of orphans revoked. */
  public List<String> revoked() {
    return revoked;
  }

  /** Ids of orphans found but not revoked (the revocation failed). */
  public List<String> notRevoked() {
    return notRevoked;
  }

  /** Why the search or a revocation failed; empty when it went well. */
  public Optional<String> failure() {
    return Optional.ofNullable(problem);
  }

  /**
   * One line for people: what was revoked, or how to clean up by hand.
   *
   * @param keptId the minted key's id, never to be revoked
   */
  public String advice(String keptId) {
    if (searched && problem == null) {
      return revoked.isEmpty()
          ? "no orphaned key was found (keys described '"
              + description
              + "' created "
              + from
              + " – "
              + to
              + ")"
          : "revoked " + revoked.size() + " orphaned key(s): " + String.join(", ", revoked);
    }
    return "keys described '"
        + description
        + "' created between "
        + from
        + " and "
        + to
        + ", other than "
        + keptId
        + ", may be orphans whose secrets never arrived: list them with an ADMIN key (keymint keys"
        + " list) and revoke them (keymint keys revoke ID)"
        + (problem == null ? "" : " (" + problem + ")");
  }

  /** The window, what was searched and revoked, and the failure if any; no secret is held. */
  @Override
  public String toString() {
    return "OrphanCheck{from="
        + from
        + ", to="
        + to
        + ", searched="
        + searched
        + ", revoked="
        + revoked
        + ", notRevoked="
        + notRevoked
        + (problem == null ? "" : ", problem=" + problem)
        + "}";
  }
}

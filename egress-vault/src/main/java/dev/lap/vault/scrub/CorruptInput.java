package dev.lap.vault.scrub;

/**
 * Internal control flow of the {@link CodedScrubber}s: thrown where a decoder finds the input
 * unreadable, and turned into {@link CodedScrubber.Corrupt} before leaving the scrubber.
 */
final class CorruptInput extends Exception {
    private static final long serialVersionUID = 1L;

    CorruptInput(String message) {
        super(message, null, false, false);
    }
}

package dev.lap.policy;

import static java.util.Objects.requireNonNull;

/**
 * A position in a policy source: file name, 1-based row and column (columns count characters),
 * and the text of that row for showing a caret under the problem.
 */
public record Location(String file, int row, int col, String lineText) {
    public Location {
        requireNonNull(file, "file");
        requireNonNull(lineText, "lineText");
    }

    public static Location of(String file, int row, int col) {
        return new Location(file, row, col, "");
    }

    @Override
    public String toString() {
        return file + ":" + row + ":" + col;
    }
}

package dev.lap.audit.store;

import dev.lap.audit.EventFields;
import dev.lap.audit.EventJson;
import dev.lap.audit.EventTime;
import dev.lap.audit.chain.ChainRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Query results as CSV (RFC 4180: every field quoted, quotes doubled, CRLF line ends): {@code seq},
 * {@code time}, {@code kind}, the columns, {@code detail} as a JSON object, {@code prev_hash},
 * {@code hash}. A field a spreadsheet would run as a formula (it starts with {@code =}, {@code +},
 * {@code -}, {@code @}, a tab or a carriage return) gets a leading {@code '}, since paths and hosts
 * come from the sandbox; the JSON-lines form is the exact one.
 */
public final class CsvFormat {
    private CsvFormat() {}

    public static String header() {
        var names = new ArrayList<String>(List.of("seq", "time", "kind"));
        names.addAll(EventFields.COLUMNS);
        names.addAll(List.of("detail", "prev_hash", "hash"));
        return row(names);
    }

    public static String line(ChainRecord r) {
        var values = new ArrayList<String>(List.of(
                Long.toString(r.seq()), EventTime.format(r.time()), r.fields().kind()));
        for (String name : EventFields.COLUMNS) {
            String v = r.fields().column(name);
            values.add(v == null ? "" : v);
        }
        values.add(EventJson.object(r.fields().detail()));
        values.add(r.prevHash());
        values.add(r.hash());
        return row(values);
    }

    private static String row(List<String> values) {
        var out = new StringBuilder(256);
        for (String v : values) {
            if (!out.isEmpty()) {
                out.append(',');
            }
            out.append('"');
            if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
                out.append('\'');
            }
            out.append(v.replace("\"", "\"\"")).append('"');
        }
        return out.append("\r\n").toString();
    }
}

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A minimal JSON reader that renders a document canonically (no whitespace, object keys sorted,
 * strings re-escaped), so the server's NVARCHAR(MAX) JSON can be compared with the simulator's
 * without depending on key order or spacing. Only what Stripe objects use; no JSON library ships
 * with the JDK.
 */
final class Json {
    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    /** The canonical form of `text`; throws IllegalArgumentException on malformed JSON. */
    static String canonical(String text) {
        if (text == null) {
            return null;
        }
        Json json = new Json(text);
        String out = json.value();
        json.skipSpace();
        if (json.pos != text.length()) {
            throw new IllegalArgumentException("trailing text in JSON: " + text);
        }
        return out;
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        skipSpace();
        if (pos >= text.length()) {
            throw new IllegalArgumentException("unexpected end of JSON: " + text);
        }
        return text.charAt(pos);
    }

    private void eat(char c) {
        if (peek() != c) {
            throw new IllegalArgumentException("expected '" + c + "' at " + pos + " in " + text);
        }
        pos++;
    }

    private String value() {
        char c = peek();
        if (c == '{') {
            pos++;
            TreeMap<String, String> members = new TreeMap<>();
            if (peek() != '}') {
                do {
                    String key = string();
                    eat(':');
                    members.put(key, value());
                } while (peek() == ',' && pos++ >= 0);
            }
            eat('}');
            List<String> parts = new ArrayList<>();
            members.forEach((k, v) -> parts.add(quote(k) + ":" + v));
            return "{" + String.join(",", parts) + "}";
        }
        if (c == '[') {
            pos++;
            List<String> items = new ArrayList<>();
            if (peek() != ']') {
                do {
                    items.add(value());
                } while (peek() == ',' && pos++ >= 0);
            }
            eat(']');
            return "[" + String.join(",", items) + "]";
        }
        if (c == '"') {
            return quote(string());
        }
        int start = pos;
        while (pos < text.length() && "+-.0123456789eEtrufalsn".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        if (start == pos) {
            throw new IllegalArgumentException("unexpected '" + c + "' at " + pos + " in " + text);
        }
        return text.substring(start, pos);
    }

    private String string() {
        eat('"');
        StringBuilder out = new StringBuilder();
        while (text.charAt(pos) != '"') {
            char c = text.charAt(pos++);
            if (c == '\\') {
                char e = text.charAt(pos++);
                switch (e) {
                    case 'n': out.append('\n'); break;
                    case 't': out.append('\t'); break;
                    case 'r': out.append('\r'); break;
                    case 'b': out.append('\b'); break;
                    case 'f': out.append('\f'); break;
                    case 'u':
                        out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        pos += 4;
                        break;
                    default: out.append(e);
                }
            } else {
                out.append(c);
            }
        }
        pos++;
        return out.toString();
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}

// A minimal JSON reader that renders a document canonically (no whitespace, object keys sorted
// ordinally, strings re-escaped), so the server's NVARCHAR(MAX) JSON can be compared with the
// simulator's without depending on key order or spacing; Mono's base class library has no JSON.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

sealed class Json
{
    readonly string text;
    int pos;

    Json(string text) { this.text = text; }

    /// The canonical form of `text`; throws FormatException on malformed JSON.
    public static string Canonical(string text)
    {
        var json = new Json(text);
        var result = json.Value();
        json.SkipSpace();
        if (json.pos != text.Length)
            throw new FormatException("trailing text in JSON: " + text);
        return result;
    }

    void SkipSpace()
    {
        while (pos < text.Length && char.IsWhiteSpace(text[pos]))
            pos++;
    }

    char Peek()
    {
        SkipSpace();
        if (pos >= text.Length)
            throw new FormatException("unexpected end of JSON: " + text);
        return text[pos];
    }

    void Eat(char c)
    {
        if (Peek() != c)
            throw new FormatException("expected '" + c + "' at " + pos + " in " + text);
        pos++;
    }

    /// Parses a comma-separated list up to `close`, calling `item` for each element.
    void List(char close, Action item)
    {
        if (Peek() != close)
        {
            item();
            while (Peek() == ',')
            {
                pos++;
                item();
            }
        }
        Eat(close);
    }

    string Value()
    {
        var c = Peek();
        if (c == '{')
        {
            pos++;
            var members = new SortedDictionary<string, string>(StringComparer.Ordinal);
            List('}', () =>
            {
                var key = String();
                Eat(':');
                members[key] = Value();
            });
            return "{" + string.Join(",", members.Select(m => Quote(m.Key) + ":" + m.Value)) + "}";
        }
        if (c == '[')
        {
            pos++;
            var items = new List<string>();
            List(']', () => items.Add(Value()));
            return "[" + string.Join(",", items) + "]";
        }
        if (c == '"')
            return Quote(String());
        var start = pos;
        while (pos < text.Length && "+-.0123456789eEtrufalsn".IndexOf(text[pos]) >= 0)
            pos++;
        if (start == pos)
            throw new FormatException("unexpected '" + c + "' at " + pos + " in " + text);
        return text.Substring(start, pos - start);
    }

    string String()
    {
        Eat('"');
        var sb = new StringBuilder();
        while (text[pos] != '"')
        {
            var c = text[pos++];
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }
            var e = text[pos++];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'u':
                    sb.Append((char)Convert.ToInt32(text.Substring(pos, 4), 16));
                    pos += 4;
                    break;
                default: sb.Append(e); break;
            }
        }
        pos++;
        return sb.ToString();
    }

    static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            if (c == '"' || c == '\\')
                sb.Append('\\').Append(c);
            else if (c < 0x20)
                sb.AppendFormat("\\u{0:x4}", (int)c);
            else
                sb.Append(c);
        }
        return sb.Append('"').ToString();
    }
}

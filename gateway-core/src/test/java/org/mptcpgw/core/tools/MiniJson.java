package org.mptcpgw.core.tools;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small recursive-descent JSON reader for tests of the decoder's output: objects become LinkedHashMap, arrays
 * ArrayList, numbers BigInteger (the decoder prints only integers), strings, booleans and null.
 */
final class MiniJson
{
    private final String text;
    private int i;

    private MiniJson(final String text)
    {
        this.text = text;
    }

    static Object parse(final String text)
    {
        final MiniJson json = new MiniJson(text);
        final Object value = json.value();
        json.skipSpace();
        if (json.i != text.length())
        {
            throw new IllegalArgumentException("trailing characters at " + json.i + ": " + text);
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(final String text)
    {
        return (Map<String, Object>)parse(text);
    }

    private Object value()
    {
        skipSpace();
        final char c = text.charAt(i);
        switch (c)
        {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            case 't':
                expect("true");
                return Boolean.TRUE;
            case 'f':
                expect("false");
                return Boolean.FALSE;
            case 'n':
                expect("null");
                return null;
            default:
                return number();
        }
    }

    private Map<String, Object> object()
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        i++;
        skipSpace();
        if ('}' == text.charAt(i))
        {
            i++;
            return map;
        }
        while (true)
        {
            skipSpace();
            final String key = string();
            skipSpace();
            expect(":");
            if (null != map.put(key, value()))
            {
                throw new IllegalArgumentException("duplicate key " + key);
            }
            skipSpace();
            final char c = text.charAt(i++);
            if ('}' == c)
            {
                return map;
            }
            if (',' != c)
            {
                throw new IllegalArgumentException("expected , or } at " + (i - 1));
            }
        }
    }

    private List<Object> array()
    {
        final List<Object> list = new ArrayList<>();
        i++;
        skipSpace();
        if (']' == text.charAt(i))
        {
            i++;
            return list;
        }
        while (true)
        {
            list.add(value());
            skipSpace();
            final char c = text.charAt(i++);
            if (']' == c)
            {
                return list;
            }
            if (',' != c)
            {
                throw new IllegalArgumentException("expected , or ] at " + (i - 1));
            }
        }
    }

    private String string()
    {
        expect("\"");
        final StringBuilder sb = new StringBuilder();
        while (true)
        {
            final char c = text.charAt(i++);
            if ('"' == c)
            {
                return sb.toString();
            }
            if ('\\' == c)
            {
                final char e = text.charAt(i++);
                if ('u' == e)
                {
                    sb.append((char)Integer.parseInt(text.substring(i, i + 4), 16));
                    i += 4;
                }
                else
                {
                    sb.append(e);
                }
            }
            else
            {
                sb.append(c);
            }
        }
    }

    private BigInteger number()
    {
        final int start = i;
        if ('-' == text.charAt(i))
        {
            i++;
        }
        while (i < text.length() && Character.isDigit(text.charAt(i)))
        {
            i++;
        }
        if (start == i)
        {
            throw new IllegalArgumentException("unexpected character at " + i + ": " + text);
        }
        return new BigInteger(text.substring(start, i));
    }

    private void expect(final String token)
    {
        if (!text.startsWith(token, i))
        {
            throw new IllegalArgumentException("expected " + token + " at " + i);
        }
        i += token.length();
    }

    private void skipSpace()
    {
        while (i < text.length() && Character.isWhitespace(text.charAt(i)))
        {
            i++;
        }
    }
}

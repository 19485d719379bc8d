package org.mptcpgw.core.tools;

/**
 * Minimal hand-written JSON output for one object per line: objects, arrays, strings, numbers and booleans in
 * the order the caller emits them (so key order is stable), commas inserted automatically. Strings are escaped
 * per RFC 8259 section 7. Not a general-purpose library: tools only, it allocates.
 */
final class JsonLineWriter
{
    private final StringBuilder sb = new StringBuilder(1024);
    private final boolean[] needsComma = new boolean[32];
    private int depth;

    JsonLineWriter reset()
    {
        sb.setLength(0);
        depth = 0;
        needsComma[0] = false;
        return this;
    }

    JsonLineWriter beginObject()
    {
        separator();
        sb.append('{');
        push();
        return this;
    }

    JsonLineWriter beginObject(final String name)
    {
        name(name);
        sb.append('{');
        push();
        return this;
    }

    JsonLineWriter endObject()
    {
        depth--;
        sb.append('}');
        return this;
    }

    JsonLineWriter beginArray(final String name)
    {
        name(name);
        sb.append('[');
        push();
        return this;
    }

    JsonLineWriter endArray()
    {
        depth--;
        sb.append(']');
        return this;
    }

    JsonLineWriter field(final String name, final long value)
    {
        name(name);
        sb.append(value);
        return this;
    }

    JsonLineWriter fieldUnsigned(final String name, final long value)
    {
        name(name);
        sb.append(Long.toUnsignedString(value));
        return this;
    }

    JsonLineWriter field(final String name, final boolean value)
    {
        name(name);
        sb.append(value);
        return this;
    }

    JsonLineWriter field(final String name, final String value)
    {
        name(name);
        string(value);
        return this;
    }

    JsonLineWriter hexField(final String name, final long value, final int digits)
    {
        name(name);
        sb.append("\"0x");
        final String hex = Long.toHexString(value);
        for (int i = hex.length(); i < digits; i++)
        {
            sb.append('0');
        }
        sb.append(hex).append('"');
        return this;
    }

    JsonLineWriter value(final long value)
    {
        separator();
        sb.append(value);
        return this;
    }

    private void name(final String name)
    {
        separator();
        string(name);
        sb.append(':');
    }

    private void separator()
    {
        if (needsComma[depth])
        {
            sb.append(',');
        }
        needsComma[depth] = true;
    }

    private void push()
    {
        depth++;
        needsComma[depth] = false;
    }

    private void string(final String value)
    {
        sb.append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                default:
                    if (c < 0x20)
                    {
                        sb.append("\\u00").append(Character.forDigit(c >>> 4, 16))
                            .append(Character.forDigit(c & 0xF, 16));
                    }
                    else
                    {
                        sb.append(c);
                    }
                    break;
            }
        }
        sb.append('"');
    }

    @Override
    public String toString()
    {
        return sb.toString();
    }
}

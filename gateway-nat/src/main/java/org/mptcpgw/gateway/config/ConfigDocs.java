package org.mptcpgw.gateway.config;

/**
 * Renders the reference documentation of every key ({@code docs/configuration.md}) from {@link ConfigKey}.
 */
public final class ConfigDocs
{
    private ConfigDocs()
    {
    }

    /**
     * @return the Markdown text.
     */
    public static String render()
    {
        final StringBuilder out = new StringBuilder(16 * 1024);
        out.append("# Configuration reference\n\n")
            .append("One properties file configures the gateway (`mptcp-gateway run -c FILE`). ")
            .append("`mptcp-gateway check-config -c FILE` validates it without starting anything. ")
            .append("Unknown keys, bad values and missing required keys are refused with one line naming the key ")
            .append("and exit code 2. `SIGHUP` (or `mptcp-gateway reload`) re-reads the file and applies path ")
            .append("weights and roles without dropping flows; other changes need a restart (the gateway says which).")
            .append("\n\nThis file is generated from `ConfigKey.java` (`ConfigDocsTest` keeps it in step; run ")
            .append("`mvn -pl gateway-nat test -Dtest=ConfigDocsTest -Dregenerate=true` after changing keys).\n");
        String section = null;
        for (final ConfigKey key : ConfigKey.all())
        {
            final String s = ConfigKey.sectionOf(key);
            if (!s.equals(section))
            {
                section = s;
                out.append("\n## ").append(s).append("\n\n")
                    .append("| key | type | default | meaning |\n|---|---|---|---|\n");
            }
            out.append("| `").append(key.name()).append("` | ")
                .append(ValueType.CHOICE == key.type() ? String.join(" \\| ", key.choices()) : key.type().description())
                .append(" | ")
                .append(key.required() ? "required" : null == key.defaultValue() ? "—" : "`" + key.defaultValue() + "`")
                .append(" | ").append(key.description().replace("|", "\\|")).append(" |\n");
        }
        out.append('\n');
        return out.toString();
    }
}

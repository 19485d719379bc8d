package org.mptcpgw.gateway.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConfigDocsTest
{
    @Test
    void shouldKeepDocsInStepWithKeys() throws IOException
    {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("gateway-nat")))
        {
            root = root.getParent();
        }
        final Path doc = root.resolve("docs/configuration.md");
        final String rendered = ConfigDocs.render();
        if (Boolean.getBoolean("regenerate"))
        {
            Files.createDirectories(doc.getParent());
            Files.writeString(doc, rendered, StandardCharsets.UTF_8);
        }
        assertEquals(rendered, Files.readString(doc, StandardCharsets.UTF_8),
            "docs/configuration.md is out of date: run with -Dregenerate=true");
    }
}

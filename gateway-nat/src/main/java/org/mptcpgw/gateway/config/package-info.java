/**
 * Configuration: one properties file, every key declared once in {@link org.mptcpgw.gateway.config.ConfigKey}
 * with its type, default, unit and meaning, validated at start with one clear line per error.
 */
package org.mptcpgw.gateway.config;

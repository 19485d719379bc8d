#!/usr/bin/env bash
# Install what the gateway, its lab and its tests need on Debian 12 (as root). Idempotent: installs only what is
# missing, so a prepared machine pays nothing.
set -euo pipefail

packages=(
    openjdk-17-jdk-headless maven          # build (Java 17 is the project's JDK)
    iproute2 nftables ethtool iputils-ping  # lab namespaces, kernel isolation, baselines
    iperf3 mptcpize                        # real MPTCP endpoints (iperf3 3.12 under mptcpize)
    tcpdump tshark                         # captures and the decoder's reference (tshark)
    libpcap0.8                             # pcap4j
    prometheus                             # promtool, to check the metrics endpoint
    python3 procps psmisc util-linux jq curl  # lab helpers (pgrep, setpriv, taskset, JSON, the metrics endpoint)
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "install-deps: missing packages: ${missing[*]} (run as root to install them)" >&2
        exit 3
    fi
    echo "install-deps: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # tshark asks whether non-root users may capture; answer no without a prompt.
    echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

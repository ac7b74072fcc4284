//! Who is on the other end of a request: the connection's peer, unless the
//! peer is a reverse proxy the operator trusts, in which case the address the
//! proxy reports in `X-Forwarded-For`.
//!
//! Anyone can send the header, so it is believed only from trusted peers, and
//! read from the right: each trusted proxy appends the address it saw, so the
//! rightmost entry that is not a trusted proxy is the client. Entries further
//! left were written by the client itself and are never read.
//!
//! Pure: the web layer supplies the peer and the header values.

use std::fmt;
use std::net::IpAddr;

/// A network in CIDR notation (`10.0.0.0/8`, `fd00::/8`); a bare address is a
/// network of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl Cidr {
    pub fn parse(raw: &str) -> Result<Cidr, String> {
        let raw = raw.trim();
        let (addr, prefix) = match raw.split_once('/') {
            Some((addr, prefix)) => (addr, Some(prefix)),
            None => (raw, None),
        };
        let network: IpAddr = addr.parse().map_err(|_| format!("{raw:?} is not an IP address or CIDR network"))?;
        let network = network.to_canonical();
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("{raw:?}: the prefix length must be a number from 0 to {max}"))?,
        };
        Ok(Cidr { network: mask(network, prefix), prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        ip.is_ipv4() == self.network.is_ipv4() && mask(ip, self.prefix) == self.network
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

/// Parses a comma-separated list (`--trusted-proxy 10.0.0.1,fd00::/8`).
pub fn parse_list(raw: &str) -> Result<Vec<Cidr>, String> {
    raw.split(',').map(str::trim).filter(|s| !s.is_empty()).map(Cidr::parse).collect()
}

/// `ip` with every bit after the first `prefix` cleared.
fn mask(ip: IpAddr, prefix: u8) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => {
            let bits = u32::from(v4);
            let kept = if prefix == 0 { 0 } else { bits & (u32::MAX << (32 - u32::from(prefix))) };
            IpAddr::V4(kept.into())
        }
        IpAddr::V6(v6) => {
            let bits = u128::from(v6);
            let kept = if prefix == 0 { 0 } else { bits & (u128::MAX << (128 - u32::from(prefix))) };
            IpAddr::V6(kept.into())
        }
    }
}

/// The client of a request that came from `peer` with these
/// `X-Forwarded-For` values (in the order received; several headers count as
/// one list). When the peer is not trusted, or the entry that names the
/// client cannot be read, the peer is the client: a wrong guess must never
/// let a client choose its own address.
pub fn client_address(peer: IpAddr, forwarded_for: &[&str], trusted: &[Cidr]) -> IpAddr {
    let peer = peer.to_canonical();
    let is_trusted = |ip: IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(peer) {
        return peer;
    }
    let entries: Vec<&str> =
        forwarded_for.iter().flat_map(|v| v.split(',')).map(str::trim).filter(|e| !e.is_empty()).collect();
    let mut client = peer;
    for entry in entries.iter().rev() {
        let Some(ip) = parse_entry(entry) else {
            return peer;
        };
        client = ip;
        if !is_trusted(ip) {
            break;
        }
    }
    // Every entry a trusted proxy: the leftmost is the farthest known.
    client
}

/// One `X-Forwarded-For` entry: an address, some proxies add a port
/// (`192.0.2.1:4711`, `[2001:db8::1]:4711`).
fn parse_entry(entry: &str) -> Option<IpAddr> {
    entry
        .parse::<IpAddr>()
        .or_else(|_| entry.parse::<std::net::SocketAddr>().map(|s| s.ip()))
        .ok()
        .map(|ip| ip.to_canonical())
}

/// What failures from `ip` are counted under. An IPv6 host is usually given a
/// whole /64 and can change address within it at will, so the /64 is counted
/// as one address; IPv4 addresses count one by one.
pub fn throttle_key(ip: IpAddr) -> String {
    let ip = ip.to_canonical();
    match ip {
        IpAddr::V4(_) => ip.to_string(),
        IpAddr::V6(_) => format!("{}/64", mask(ip, 64)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(raw: &str) -> IpAddr {
        raw.parse().unwrap()
    }

    #[test]
    fn networks_parse_and_contain() {
        let net = Cidr::parse("10.1.0.0/16").unwrap();
        assert!(net.contains(ip("10.1.255.3")));
        assert!(!net.contains(ip("10.2.0.1")));
        assert!(net.contains(ip("::ffff:10.1.0.9")), "IPv4-mapped IPv6 peers are IPv4");
        assert_eq!(Cidr::parse("10.1.2.3/16").unwrap().to_string(), "10.1.0.0/16");
        assert_eq!(Cidr::parse(" 192.0.2.7 ").unwrap().to_string(), "192.0.2.7/32");
        assert!(Cidr::parse("0.0.0.0/0").unwrap().contains(ip("203.0.113.9")));

        let v6 = Cidr::parse("fd00::/8").unwrap();
        assert!(v6.contains(ip("fd12:3456::1")));
        assert!(!v6.contains(ip("2001:db8::1")));
        assert!(!v6.contains(ip("10.0.0.1")));
        assert_eq!(Cidr::parse("::1").unwrap().to_string(), "::1/128");

        for bad in ["", "10.0.0.0/33", "::/129", "10.0.0/8", "proxy.example", "10.0.0.0/x"] {
            assert!(Cidr::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(parse_list("10.0.0.1, fd00::/8,").unwrap().len(), 2);
        assert!(parse_list("10.0.0.1,nonsense").is_err());
    }

    #[test]
    fn the_header_is_ignored_from_an_untrusted_peer() {
        let trusted = parse_list("10.0.0.1").unwrap();
        assert_eq!(client_address(ip("203.0.113.5"), &["198.51.100.7"], &trusted), ip("203.0.113.5"));
        assert_eq!(client_address(ip("203.0.113.5"), &["198.51.100.7"], &[]), ip("203.0.113.5"));
    }

    #[test]
    fn from_a_trusted_proxy_the_rightmost_untrusted_entry_is_the_client() {
        let trusted = parse_list("10.0.0.0/24,fd00::/8").unwrap();
        let peer = ip("10.0.0.1");
        assert_eq!(client_address(peer, &["198.51.100.7"], &trusted), ip("198.51.100.7"));
        // The client made up the left entry; the proxy appended what it saw.
        assert_eq!(client_address(peer, &["1.2.3.4, 198.51.100.7"], &trusted), ip("198.51.100.7"));
        // Two proxies in a row: the inner one is skipped.
        assert_eq!(client_address(peer, &["198.51.100.7, 10.0.0.2"], &trusted), ip("198.51.100.7"));
        // Several headers are one list.
        assert_eq!(client_address(peer, &["1.2.3.4", "198.51.100.7"], &trusted), ip("198.51.100.7"));
        assert_eq!(client_address(peer, &["[2001:db8::9]:4711"], &trusted), ip("2001:db8::9"));
        assert_eq!(client_address(peer, &["198.51.100.7:4711"], &trusted), ip("198.51.100.7"));
        // Garbage the client wrote to the left of its real address is never read.
        assert_eq!(client_address(peer, &["nonsense, 198.51.100.7"], &trusted), ip("198.51.100.7"));
        // Every entry a trusted proxy: the farthest one.
        assert_eq!(client_address(peer, &["10.0.0.7, 10.0.0.2"], &trusted), ip("10.0.0.7"));
    }

    #[test]
    fn without_a_readable_header_the_peer_is_the_client() {
        let trusted = parse_list("10.0.0.1").unwrap();
        let peer = ip("10.0.0.1");
        assert_eq!(client_address(peer, &[], &trusted), peer);
        assert_eq!(client_address(peer, &[" , "], &trusted), peer);
        assert_eq!(client_address(peer, &["198.51.100.7, not-an-address"], &trusted), peer);
        assert_eq!(client_address(ip("::ffff:10.0.0.1"), &["x"], &trusted), peer);
    }

    #[test]
    fn ipv6_hosts_are_counted_by_their_64() {
        assert_eq!(throttle_key(ip("192.0.2.7")), "192.0.2.7");
        assert_eq!(throttle_key(ip("::ffff:192.0.2.7")), "192.0.2.7");
        assert_eq!(throttle_key(ip("2001:db8:1:2:aaaa::1")), "2001:db8:1:2::/64");
        assert_eq!(throttle_key(ip("2001:db8:1:2:bbbb::9")), throttle_key(ip("2001:db8:1:2::1")));
    }
}

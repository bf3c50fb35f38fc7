//! Which `Host` a request may name. The dev server answers only requests addressed to itself by
//! a loopback name or an IP address, so that a web page elsewhere cannot read the site through
//! DNS rebinding (a name of its own made to resolve to 127.0.0.1): the browser sends that name as
//! the Host. An IP address cannot be rebound, so the check is on names; the port is not checked
//! (it plays no part in rebinding, and a forwarded port, as with a container, changes it).

use std::net::{IpAddr, Ipv4Addr};

/// The host names and addresses the server answers to.
#[derive(Debug, Clone, Copy)]
pub struct AllowedHosts {
    bound: IpAddr,
}

impl AllowedHosts {
    /// For a server listening on `bound`: `localhost`, `*.localhost` and loopback addresses,
    /// plus `bound` itself; when bound to every interface (`0.0.0.0`, `::`), any IP address
    /// (those of this machine are the only ones that reach it), never another name.
    pub fn new(bound: IpAddr) -> AllowedHosts {
        AllowedHosts { bound }
    }

    /// Whether a request whose `Host` header is `host` (`name[:port]`) is answered.
    pub fn allows(&self, host: &str) -> bool {
        let Some(name) = host_name(host) else {
            return false;
        };
        if let Some(ip) = name.ip {
            return ip.is_loopback() || ip == self.bound || self.bound.is_unspecified();
        }
        let name = name.text;
        // `*.localhost` resolves to loopback by definition (RFC 6761), in browsers without DNS.
        let name = name.as_bytes();
        name.eq_ignore_ascii_case(b"localhost")
            || name.len() > b".localhost".len()
                && name[name.len() - b".localhost".len()..].eq_ignore_ascii_case(b".localhost")
    }
}

/// The name part of a Host header, and the address it is when it is one.
struct HostName<'a> {
    text: &'a str,
    ip: Option<IpAddr>,
}

/// Splits off the port (which must be a number when present); IPv6 addresses come in brackets.
fn host_name(host: &str) -> Option<HostName<'_>> {
    let bracketed = host.strip_prefix('[');
    let (text, port) = match bracketed {
        Some(bracketed) => {
            let (inside, after) = bracketed.split_once(']')?;
            let port = match after {
                "" => None,
                _ => Some(after.strip_prefix(':')?),
            };
            (inside, port)
        }
        None => match host.split_once(':') {
            Some((text, port)) => (text, Some(port)),
            None => (host, None),
        },
    };
    if text.is_empty() || port.is_some_and(|p| p.parse::<u16>().is_err()) {
        return None;
    }
    let ip = match bracketed {
        Some(_) => Some(IpAddr::V6(text.parse().ok()?)),
        None => text.parse::<Ipv4Addr>().ok().map(IpAddr::V4),
    };
    Some(HostName { text, ip })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_and_the_bound_address_are_allowed_other_names_are_not() {
        let local = AllowedHosts::new("127.0.0.1".parse().unwrap());
        for ok in [
            "localhost:1111",
            "LOCALHOST",
            "127.0.0.1:1111",
            "127.0.0.1",
            "[::1]:1111",
            "[::1]",
            "app.localhost:1111",
            "127.0.0.2:80",
        ] {
            assert!(local.allows(ok), "{ok}");
        }
        for refused in [
            "evil.example:1111",
            "localhost.evil.example",
            "evillocalhost:1111",
            "192.168.1.5:1111",
            "localhost:port",
            "localhost:1111:1",
            "[::1]x",
            "[::1]:",
            "[evil]:1111",
            "",
            ":1111",
        ] {
            assert!(!local.allows(refused), "{refused}");
        }
        let lan = AllowedHosts::new("192.168.1.5".parse().unwrap());
        assert!(lan.allows("192.168.1.5:1111") && lan.allows("localhost:1111"));
        assert!(!lan.allows("192.168.1.6:1111") && !lan.allows("mymac.local:1111"));
        let everywhere = AllowedHosts::new("0.0.0.0".parse().unwrap());
        assert!(everywhere.allows("10.0.0.7:1111") && everywhere.allows("[fe80::1]:1111"));
        assert!(!everywhere.allows("evil.example:1111"));
    }
}

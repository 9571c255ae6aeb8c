//! What a successful submit returns (the wire types live in the domain
//! crate's `wire`, shared with the browser app) and its generated password.
//! The payload itself is checked by the domain crate (`customer_domain::validate::payload`).

pub use customer_domain::wire::{CreatedCustomer, CustomerResource, OrderResource, SubmitResponse, UserCredentials};

/// A strong admin password: 16 characters from an unambiguous alphabet, with
/// at least one of each class, from the operating system's CSPRNG.
pub fn generate_password() -> String {
    use rand::seq::{IndexedRandom, SliceRandom};
    const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    const LOWER: &[u8] = b"abcdefghijkmnpqrstuvwxyz";
    const DIGITS: &[u8] = b"23456789";
    const SYMBOLS: &[u8] = b"!#$%&*+-=?@^_";
    let mut rng = rand::rng();
    let all: Vec<u8> = [UPPER, LOWER, DIGITS, SYMBOLS].concat();
    let mut chars: Vec<u8> = [UPPER, LOWER, DIGITS, SYMBOLS].iter().map(|set| *set.choose(&mut rng).expect("non-empty")).collect();
    while chars.len() < 16 {
        chars.push(*all.choose(&mut rng).expect("non-empty"));
    }
    chars.shuffle(&mut rng);
    String::from_utf8(chars).expect("ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_strong_and_differ() {
        let a = generate_password();
        assert_eq!(a.len(), 16);
        assert!(a.chars().any(|c| c.is_ascii_uppercase()) && a.chars().any(|c| c.is_ascii_lowercase()));
        assert!(a.chars().any(|c| c.is_ascii_digit()) && a.chars().any(|c| !c.is_ascii_alphanumeric()));
        assert_ne!(a, generate_password());
    }
}

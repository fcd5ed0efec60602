//! A customer's identity (name, place, phone, address), derived from the customer's seed alone
//! so that the customer and every charge that bills them render the same person.

use serde_json::{json, Value};

use super::words::{Place, DOMAINS, FIRST_NAMES, LAST_NAMES, PLACES, STREETS};
use crate::rng::Rng;

/// Purpose tag for `Rng::derive`: the identity stream of a seed.
const TAG_PROFILE: u64 = 1;

/// Who a customer (or a guest payer) is.
#[derive(Clone, Debug)]
pub(crate) struct Profile {
    pub(crate) first: &'static str,
    pub(crate) last: &'static str,
    /// Some customers are created with an email only.
    pub(crate) named: bool,
    pub(crate) place: Place,
    street_no: i64,
    street: &'static str,
    line2: Option<String>,
    postal_code: String,
    pub(crate) has_address: bool,
    pub(crate) phone: Option<String>,
}

impl Profile {
    /// The identity for `seed` (pure function of the seed).
    pub(crate) fn from_seed(seed: u64) -> Profile {
        let mut r = Rng::derive(seed, TAG_PROFILE);
        let first = r.pick(FIRST_NAMES);
        let last = r.pick(LAST_NAMES);
        let named = r.chance(95);
        let place = r.pick(PLACES);
        let street_no = r.range(1, 2500);
        let street = r.pick(STREETS);
        let line2 = r.chance(20).then(|| {
            format!(
                "{} {}",
                r.pick(&["Apt", "Suite", "Unit", "Floor"]),
                r.range(1, 40)
            )
        });
        let postal_code = format!("{}{}", place.postal_prefix, postal_suffix(&mut r, place));
        let has_address = r.chance(70);
        let phone = r
            .chance(50)
            .then(|| format!("{}{:04}", place.phone_prefix, r.below(10_000)));
        Profile {
            first,
            last,
            named,
            place,
            street_no,
            street,
            line2,
            postal_code,
            has_address,
            phone,
        }
    }

    /// "First Last", or null for the email-only customers.
    pub(crate) fn name(&self) -> Option<String> {
        self.named.then(|| format!("{} {}", self.first, self.last))
    }

    /// The full name regardless of `named` (card holders always have one).
    pub(crate) fn full_name(&self) -> String {
        format!("{} {}", self.first, self.last)
    }

    /// Stripe's `address` object.
    pub(crate) fn address(&self) -> Value {
        json!({
            "city": self.place.city,
            "country": self.place.country,
            "line1": format!("{} {}", self.street_no, self.street),
            "line2": self.line2,
            "postal_code": self.postal_code,
            "state": self.place.state,
        })
    }

    /// A fresh email for this person, drawn from the generation stream (not the profile
    /// stream) so that duplicates and odd capitalisation can be sprinkled in by the generator.
    pub(crate) fn email(&self, r: &mut Rng) -> String {
        let local = format!("{}.{}", ascii_fold(self.first), ascii_fold(self.last));
        let local = if r.chance(5) {
            // Stripe keeps the case it was given; lists filter case-sensitively.
            local
        } else {
            local.to_lowercase()
        };
        let number = if r.chance(50) {
            r.below(1000).to_string()
        } else {
            String::new()
        };
        format!("{local}{number}@{}", r.pick(DOMAINS))
    }
}

/// An address object with every field null (what Stripe puts in `billing_details.address`
/// when the payer gave no address).
pub(crate) fn empty_address() -> Value {
    json!({
        "city": null, "country": null, "line1": null, "line2": null,
        "postal_code": null, "state": null,
    })
}

fn postal_suffix(r: &mut Rng, place: Place) -> String {
    match place.country {
        "US" => format!("{:02}", r.below(100)),
        "GB" => format!("{}{}", r.range(1, 10), r.chars(b"ABDEFGHJLNPQRSTUWXYZ", 2)),
        "FR" | "DE" | "NL" => format!("{:02}", r.below(20)),
        "IE" => format!(
            "{} {}",
            r.range(1, 9),
            r.chars(b"0123456789ACDEFHKNPRTVWXY", 4)
        ),
        "CA" => format!(
            "{}{}{}",
            r.range(1, 9),
            r.chars(b"ABCEGHJKLMNPRSTVXY", 1),
            r.below(10)
        ),
        "AU" => format!("{:02}", r.below(100)),
        _ => format!("{:02}", r.below(100)),
    }
}

/// Email-safe ASCII for a name: drops accents and anything but letters and hyphens.
fn ascii_fold(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            'á' | 'à' | 'â' | 'ä' => Some('a'),
            'é' | 'è' | 'ê' | 'ë' => Some('e'),
            'í' | 'ï' => Some('i'),
            'ó' | 'ö' | 'ô' => Some('o'),
            'ú' | 'ü' => Some('u'),
            'ç' => Some('c'),
            c if c.is_ascii_alphabetic() || c == '-' => Some(c),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_is_a_function_of_the_seed() {
        let a = Profile::from_seed(99);
        let b = Profile::from_seed(99);
        assert_eq!(a.full_name(), b.full_name());
        assert_eq!(a.address(), b.address());
    }

    #[test]
    fn emails_are_ascii() {
        let mut r = Rng::new(3);
        for seed in 0..200 {
            let email = Profile::from_seed(seed).email(&mut r);
            assert!(email.is_ascii(), "{email}");
            assert_eq!(email.matches('@').count(), 1, "{email}");
        }
        assert_eq!(ascii_fold("Zoë O'Brien"), "ZoeOBrien");
    }
}

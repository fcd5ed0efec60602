//! Prints the newest customer and charge of a dataset, for eyeballing the generated JSON:
//! `cargo run -p stripe-sim --example dump [seed]`.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use stripe_sim::{SimConfig, Simulator};

fn main() {
    let seed = std::env::args().nth(1).map_or(42, |s| s.parse().unwrap());
    let sim = Simulator::new(SimConfig {
        seed,
        ..SimConfig::default()
    });
    for resource in sim.resources() {
        let first = sim.object_at(resource, 0).unwrap();
        println!("{}", serde_json::to_string_pretty(&first).unwrap());
    }
}

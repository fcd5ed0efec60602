//! Connector traits: the boundary between the engine and data sources.

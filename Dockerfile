# vtds in a container: `docker compose up` runs the demo on port 14333.
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release -p vtds --locked

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/target/release/vtds /usr/local/bin/vtds
ENV VTDS_DATA_DIR=/var/lib/vtds
VOLUME /var/lib/vtds
EXPOSE 14333
ENTRYPOINT ["vtds"]
CMD ["serve"]

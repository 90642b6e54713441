# The image the Kubernetes example runs: this repository built, with the Python the tracer needs.
# From a clean checkout: docker build -f docs/examples/ldb-bench.Dockerfile -t REGISTRY/ldb-bench .
FROM node:20-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends python3 && rm -rf /var/lib/apt/lists/*
WORKDIR /ldb
COPY . .
RUN npm ci && npm run build

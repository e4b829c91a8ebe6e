#!/usr/bin/env bash
# Loads the example support gateway of tenant acme into a store (default ./data, made if missing):
#   examples/load.sh [STORE]
# Provider keys come from OPENAI_API_KEY and ANTHROPIC_API_KEY when set, placeholders otherwise;
# they are stored as secrets and the deployments only refer to them.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
llmcm=${LLMCM:-$here/../llmcm}
export LLMCM_STORE=${1:-${LLMCM_STORE:-./data}}
[ -e "$LLMCM_STORE" ] || "$llmcm" init
"$llmcm" llm init -m "built-in LLM schemas"
"$llmcm" tenant create acme
printf %s "${OPENAI_API_KEY:-sk-example-openai-key}" | "$llmcm" secret set providers/openai - --tenant acme
printf %s "${ANTHROPIC_API_KEY:-sk-ant-example-key}" | "$llmcm" secret set providers/anthropic - --tenant acme
"$llmcm" import "$here/gateway/catalog.yaml" --into llm --tenant acme -m "acme's vLLM limits"
"$llmcm" import "$here/gateway/models.yaml" --into models --tenant acme -m "deployments"
"$llmcm" import "$here/gateway/models-prod.yaml" --into models --tenant acme --env prod -m "prod presets and rollouts"
"$llmcm" import "$here/gateway/routes.yaml" --into routes --tenant acme -m "routes"
"$llmcm" import "$here/gateway/routes-prod.yaml" --into routes --tenant acme --env prod -m "prod weights"
"$llmcm" import "$here/gateway/prompts.yaml" --into prompts --tenant acme -m "prompts"

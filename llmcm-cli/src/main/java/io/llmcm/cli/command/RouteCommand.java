package io.llmcm.cli.command;

import picocli.CommandLine.Command;

/** {@code llmcm route}: LLM routes (model aliases with weighted targets and fallback chains). */
@Command(
        name = "route",
        mixinStandardHelpOptions = true,
        description = "LLM routes: model aliases (routes/<alias>) with weighted targets, fallback chains, retry, timeout, budgets and cost tracking. See docs/llm.md.",
        subcommands = {RouteExplainCommand.class},
        footerHeading = "%nExample:%n",
        footer = "  llmcm route explain chat --tenant acme --env prod")
public final class RouteCommand {}

package io.llmcm.core.llm.prompt;

import java.util.List;

/**
 * A rendered prompt.
 *
 * @param text the text of a text prompt, null for a chat prompt
 * @param messages the messages of a chat prompt, empty for a text prompt
 * @param variant the variant rendered
 * @param version the prompt's semantic version
 * @param revision the store revision of the prompt's effective value that was rendered (its
 *     newest contributing version)
 */
public record RenderedPrompt(String text, List<Message> messages, String variant, String version, long revision) {
    public record Message(String role, String content) {}

    public RenderedPrompt {
        messages = List.copyOf(messages);
    }
}

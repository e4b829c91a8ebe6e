package io.llmcm.core.llm.prompt;

import io.llmcm.core.template.Placeholders;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a prompt (or one of its variants) says: a text {@code template}, or chat {@code messages}.
 *
 * @param template null for a chat prompt
 * @param messages empty for a text prompt
 */
public record PromptBody(Placeholders template, List<Message> messages) {
    /** One chat message; its content is a template too. */
    public record Message(String role, Placeholders content) {}

    public PromptBody {
        messages = List.copyOf(messages);
    }

    public boolean isChat() {
        return template == null;
    }

    /** Every variable used, in order of first use. */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        if (template != null) {
            names.addAll(template.names());
        }
        for (Message m : messages) {
            names.addAll(m.content().names());
        }
        return names;
    }
}

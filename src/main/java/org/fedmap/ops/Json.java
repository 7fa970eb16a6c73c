package org.fedmap.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;

/** The admin API's JSON, the same on both ends: the server writes it, the command line reads it. */
public final class Json {
    // Indented: operators read it with curl and `--json` as often as programs do. Unknown fields are
    // skipped, so a newer server that adds some does not break an older command line.
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** @throws IllegalArgumentException if {@code json} is not a {@code type} */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not the JSON of a " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /** @throws IllegalArgumentException if {@code json} is not a list of {@code type} */
    public static <T> List<T> readList(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, MAPPER.getTypeFactory().constructCollectionType(List.class, type));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not the JSON of a list of " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }
}

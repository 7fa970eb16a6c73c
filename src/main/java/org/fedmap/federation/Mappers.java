package org.fedmap.federation;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Finds the export and import mappers with {@link ServiceLoader}, on fedmap's class path and in extra
 * jars ({@code --mapper-jar}), and configures the chosen one.
 *
 * <p>Which one: the one named, when a name is given; otherwise a mapper that is not the built-in
 * {@value #BUILT_IN} when there is exactly one (adding a mapper's jar is how one asks for it); otherwise
 * the built-in. Two or more candidates and no name is an error that lists them.
 */
public final class Mappers {
    /** The name of the built-in policy engine. */
    public static final String BUILT_IN = "policies";

    private final ClassLoader loader;

    /**
     * @param jars jars with more mappers, each listed in its {@code META-INF/services}
     * @throws MapperException when a jar does not exist
     */
    public Mappers(List<Path> jars) throws MapperException {
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            if (!Files.isRegularFile(jar)) {
                throw new MapperException("mapper jar " + jar + ": no such file");
            }
            try {
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new MapperException("mapper jar " + jar + ": " + e.getMessage(), e);
            }
        }
        ClassLoader base = Mappers.class.getClassLoader();
        // never closed: the mappers' classes are used for the life of the process
        this.loader = urls.isEmpty() ? base : new URLClassLoader(urls.toArray(URL[]::new), base);
    }

    /** The export mapper to use (see the class comment), configured. */
    public SessionExportMapper exportMapper(String name, MapperSettings settings) throws MapperException {
        SessionExportMapper m = choose("export", SessionExportMapper.class, SessionExportMapper::name, name);
        m.configure(settings);
        return m;
    }

    /** The import mapper to use (see the class comment), configured. */
    public SessionImportMapper importMapper(String name, MapperSettings settings) throws MapperException {
        SessionImportMapper m = choose("import", SessionImportMapper.class, SessionImportMapper::name, name);
        m.configure(settings);
        return m;
    }

    /** Every mapper of a kind on the class path and in the jars. */
    private <T> List<T> all(String kind, Class<T> type) throws MapperException {
        List<T> found = new ArrayList<>();
        try {
            for (T m : ServiceLoader.load(type, loader)) {
                found.add(m);
            }
        } catch (ServiceConfigurationError e) {
            throw new MapperException("a session-" + kind + " mapper cannot be loaded: " + e.getMessage(), e);
        }
        return found;
    }

    private <T> T choose(String kind, Class<T> type, Function<T, String> nameOf, String name) throws MapperException {
        List<T> found = all(kind, type);
        List<String> names = found.stream().map(nameOf).toList();
        if (name != null && !name.isEmpty()) {
            for (T m : found) {
                if (nameOf.apply(m).equals(name)) {
                    return m;
                }
            }
            throw new MapperException("no session-" + kind + " mapper named '" + name + "'; found: " + names);
        }
        List<T> added = found.stream().filter(m -> !nameOf.apply(m).equals(BUILT_IN)).toList();
        if (added.size() == 1) {
            return added.get(0);
        }
        if (added.size() > 1) {
            throw new MapperException("several session-" + kind + " mappers found, " + names
                    + ": choose one with --mapper NAME");
        }
        for (T m : found) {
            if (nameOf.apply(m).equals(BUILT_IN)) {
                return m;
            }
        }
        throw new MapperException("no session-" + kind + " mapper found (the built-in '" + BUILT_IN
                + "' is missing from this build)");
    }
}

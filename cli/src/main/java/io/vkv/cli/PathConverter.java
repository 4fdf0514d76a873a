package io.vkv.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads file and directory options, refusing at once a path that cannot be what the option needs. */
public final class PathConverter {

    private PathConverter() {
    }

    static Path parse(String value) {
        if (value == null || value.isBlank()) {
            throw new TypeConversionException("'' is not a path");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new TypeConversionException(Quote.of(value) + " is not a path (" + e.getReason().toLowerCase() + ")");
        }
    }

    /** Throws when an ancestor of {@code p} that exists is not a directory: then nothing can be created at {@code p}. */
    private static void requireDirectoryAbove(String value, Path p) {
        for (Path a = p.toAbsolutePath().normalize().getParent(); a != null; a = a.getParent()) {
            if (Files.exists(a)) {
                if (!Files.isDirectory(a)) {
                    throw new TypeConversionException(Quote.of(value) + " cannot be created: " + a + " is not a directory");
                }
                return;
            }
        }
    }

    /** A directory that exists or can be created. */
    public static final class Directory implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            Path p = parse(value);
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new TypeConversionException(Quote.of(value) + " is a file; a directory is needed");
            }
            requireDirectoryAbove(value, p);
            return p;
        }
    }

    /** A file to read: it must exist and be readable. */
    public static final class ExistingFile implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            Path p = parse(value);
            if (!Files.exists(p)) {
                throw new TypeConversionException(Quote.of(value) + " does not exist; a readable file is needed");
            }
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                throw new TypeConversionException(Quote.of(value) + " is not a readable file");
            }
            return p;
        }
    }

    /** A file to create or append to: not a directory, and below a directory that exists or can be created. */
    public static final class FileToWrite implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            Path p = parse(value);
            if (Files.isDirectory(p)) {
                throw new TypeConversionException(Quote.of(value) + " is a directory; a file is needed");
            }
            requireDirectoryAbove(value, p);
            return p;
        }
    }
}

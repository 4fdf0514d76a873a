package io.vkv.cli;

import picocli.CommandLine.IVersionProvider;

/** The version printed by {@code vkv --version}: the jar's implementation version when packaged. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = Vkv.class.getPackage().getImplementationVersion();
        return new String[] {"vkv " + (v == null ? "(development build)" : v)};
    }
}

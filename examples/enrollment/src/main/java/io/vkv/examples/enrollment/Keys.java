package io.vkv.examples.enrollment;

import java.nio.charset.StandardCharsets;

/**
 * Where the portals keep things in vkv, one key per fact so that concurrent writes of different facts never conflict:
 * a record per student, professor and course; a course's professor in one key; each enrollment in a key of its own
 * (concurrent enrollments of different students merge as distinct keys); each enrollment bumped for want of seats.
 */
public final class Keys {

    static final String ROOT = "enrollment/";
    private static final int MAX_ID = 128;
    private static final int MAX_NAME = 256;

    private Keys() {
    }

    static String record(Kind kind, String id) {
        return ROOT + kind.word() + "/" + id;
    }

    /** The prefix of every record of {@code kind}. */
    static String records(Kind kind) {
        return ROOT + kind.word() + "/";
    }

    static String professorOf(String course) {
        return ROOT + "course/" + course + "/professor";
    }

    static String enrollment(String course, String student) {
        return ROOT + "course/" + course + "/student/" + student;
    }

    static String enrollments(String course) {
        return ROOT + "course/" + course + "/student/";
    }

    static String allCourses() {
        return ROOT + "course/";
    }

    static String bumped(String course, String student) {
        return ROOT + "bumped/" + course + "/" + student;
    }

    /** The course and student an enrollment key names, or null when {@code key} is not an enrollment key. */
    static String[] courseAndStudent(String key) {
        String prefix = ROOT + "course/";
        int mid = key.indexOf("/student/", prefix.length());
        if (!key.startsWith(prefix) || mid < 0) {
            return null;
        }
        return new String[] {key.substring(prefix.length(), mid), key.substring(mid + "/student/".length())};
    }

    /** Refuses an id that is empty, too long, or holds '/', spaces or control characters; returns it. */
    static String id(Kind kind, String id) {
        if (id == null || id.isBlank()) {
            throw new BadInput("the " + kind.noun() + "'s id is empty");
        }
        if (id.length() > MAX_ID) {
            throw new BadInput("the " + kind.noun() + "'s id is " + id.length() + " characters; at most " + MAX_ID);
        }
        if (!id.codePoints().allMatch(c -> c > ' ' && c != '/' && c != 0x7f)) {
            throw new BadInput("the " + kind.noun() + "'s id '" + id + "' holds a space, a '/' or a control character");
        }
        return id;
    }

    /** Refuses a name that is empty or too long; returns it. */
    static String name(Kind kind, String name) {
        if (name == null || name.isBlank()) {
            throw new BadInput("the " + kind.noun() + "'s name is empty");
        }
        if (name.length() > MAX_NAME) {
            throw new BadInput("the " + kind.noun() + "'s name is " + name.length() + " characters; at most " + MAX_NAME);
        }
        return name;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

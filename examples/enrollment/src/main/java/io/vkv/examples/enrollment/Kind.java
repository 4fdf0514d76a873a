package io.vkv.examples.enrollment;

/** The three kinds of record the administrative portal keeps: students, professors and courses. */
public enum Kind {
    ALUNO("aluno", "student"),
    PROFESSOR("professor", "professor"),
    DISCIPLINA("disciplina", "course");

    private final String word;
    private final String english;

    Kind(String word, String english) {
        this.word = word;
        this.english = english;
    }

    /** The name in keys and MQTT topics: aluno, professor, disciplina. */
    public String word() {
        return word;
    }

    /** How messages name it: student, professor, course. */
    public String noun() {
        return english;
    }
}

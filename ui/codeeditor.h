#pragma once

#include <QPlainTextEdit>

// A plain-text editor for scenario files: monospace, line numbers in a gutter on the left, and
// one line that can be marked (where a validation error points).
class CodeEditor : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit CodeEditor(QWidget *parent = nullptr);

    // Marks a 1-based line; 0 removes the mark. The cursor stays: the mark follows typing.
    void markLine(int line);
    int markedLine() const { return m_markedLine; }

    int gutterWidth() const;
    void paintGutter(QPaintEvent *event); // called by the gutter widget

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateGutter(const QRect &rect, int dy);

    QWidget *m_gutter;
    int m_markedLine = 0;
};

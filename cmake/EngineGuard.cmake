# Engines and core stay GUI-free (STYLE.md): fail the configure step if one links Widgets, Gui or Charts.
function(socketscope_forbid_gui target)
    get_target_property(libs ${target} LINK_LIBRARIES)
    foreach(lib IN LISTS libs)
        if(lib MATCHES "Qt6?::(Widgets|Gui|Charts)")
            message(FATAL_ERROR "${target} links ${lib}: engines and core must not depend on GUI modules")
        endif()
    endforeach()
endfunction()
